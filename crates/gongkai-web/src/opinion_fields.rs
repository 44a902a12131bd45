//! The fields of a letter to the opinion box as the portal's form and the API send them —
//! as JSON, or as `multipart/form-data` with its one file — turned into core's checked
//! [`Submission`]; and the staff's actions on a letter.

use axum::extract::Multipart;
use gongkai_core::opinion::{Category, Command, Sender, Submission, ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES};
use gongkai_core::org::OrgCode;
use gongkai_core::DomainError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::AppError;
use crate::extract::filled;
use crate::upload::{self, Staged};
use crate::AppState;

/// Every field optional here so that a missing one gets our message, not serde's.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpinionFields {
    /// 受理单位编码；举报的，为被举报人所在单位
    pub org: Option<String>,
    /// 来信类别：意见建议、咨询、投诉、举报（也可用 suggestion、inquiry、complaint、report）
    pub category: Option<String>,
    /// 来信内容，至多2000字
    pub text: Option<String>,
    /// 被举报人姓名及职务：举报的必填，其他类别不填
    pub accused: Option<String>,
    /// 匿名来信：为 true 时不填姓名和联系电话；默认为实名
    pub anonymous: Option<bool>,
    /// 实名来信的姓名
    pub name: Option<String>,
    /// 实名来信的联系电话（手机或固定电话，便于回复联系）
    pub contact: Option<String>,
    /// 同意公开来信内容和答复（不公开姓名、联系方式和附件）；举报一律不公开
    pub consent_to_publish: Option<bool>,
    /// The form's honeypot: hidden from people, filled in by programs that fill in
    /// everything.
    #[serde(default)]
    #[schema(ignore)]
    pub website: Option<String>,
}

/// `POST /opinions` as `multipart/form-data`: the same fields as text parts, and the file.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpinionUpload {
    #[serde(flatten)]
    fields: OpinionFields,
    /// 附件（可选）：一张 JPEG 或 PNG 图片，或一个 PDF 文件，不超过10MB；仅办理人员可见
    #[schema(value_type = Option<String>, format = Binary)]
    attachment: Option<Vec<u8>>,
}

impl OpinionFields {
    /// Checks every field.
    pub fn submission(&self) -> Result<Submission, DomainError> {
        if filled(&self.website).is_some() {
            return Err(DomainError::invalid(
                "spam_suspected",
                "提交未被受理：表单中供识别自动程序的隐藏栏被填写了。请刷新页面后重新填写提交",
            ));
        }
        let org = OrgCode::parse(filled(&self.org).unwrap_or_default())
            .map_err(|_| DomainError::invalid("unknown_org", "请选择受理单位"))?;
        let category = Category::parse(
            filled(&self.category).ok_or_else(|| DomainError::invalid("category_required", "请选择来信类别"))?,
        )?;
        let sender = if self.anonymous.unwrap_or(false) {
            if filled(&self.name).is_some() || filled(&self.contact).is_some() {
                return Err(DomainError::invalid(
                    "anonymous_with_contact",
                    "选择匿名来信的，请不要填写姓名和联系电话；希望我们联系您的，请选择实名来信",
                ));
            }
            None
        } else {
            Some(Sender::new(self.name.as_deref(), self.contact.as_deref())?)
        };
        Submission::new(
            org,
            category,
            self.text.as_deref(),
            self.accused.as_deref(),
            sender,
            self.consent_to_publish.unwrap_or(false),
        )
    }
}

/// A letter sent as `multipart/form-data`: its fields, the portal form's idempotency key,
/// and its file received and checked (not yet kept).
#[derive(Default)]
pub struct MultipartLetter {
    pub fields: OpinionFields,
    pub key: Option<String>,
    pub file: Option<Staged>,
}

/// The kinds of file a letter may carry, for people.
const KINDS: &str = " JPEG、PNG 图片或 PDF 文件";

/// Reads a letter sent as `multipart/form-data`. What was read before a refusal is returned
/// with it, so a form comes back with what was typed. `key` is a form field on the portal
/// only; the API takes it from a header.
pub async fn read_multipart(
    state: &AppState,
    mut multipart: Multipart,
    with_key: bool,
) -> (MultipartLetter, Result<(), AppError>) {
    let mut letter = MultipartLetter::default();
    let limit = usize::try_from(ATTACHMENT_MAX_BYTES).unwrap_or(usize::MAX);
    let outcome = async {
        while let Some(field) = multipart.next_field().await.map_err(|e| upload::multipart_error(e, limit))? {
            let name = field.name().unwrap_or_default().to_owned();
            if name == "attachment" {
                // A file input left empty still sends a part, without a name or bytes.
                if field.file_name().is_none_or(str::is_empty) {
                    continue;
                }
                upload::one_file_only(&letter.file)?;
                letter.file = Some(upload::stage_restricted(state, field, limit, ATTACHMENT_TYPES, KINDS).await?);
                continue;
            }
            let value = field.text().await.map_err(|e| upload::multipart_error(e, limit))?;
            let f = &mut letter.fields;
            let flag = |v: &str| Some(matches!(v.trim(), "true" | "1" | "on" | "yes"));
            match name.as_str() {
                "org" => f.org = Some(value),
                "category" => f.category = Some(value),
                "text" => f.text = Some(value),
                "accused" => f.accused = Some(value),
                "anonymous" => f.anonymous = flag(&value),
                "name" => f.name = Some(value),
                "contact" => f.contact = Some(value),
                "consent_to_publish" => f.consent_to_publish = flag(&value),
                "website" => f.website = Some(value),
                "key" if with_key => letter.key = Some(value),
                other => {
                    return Err(AppError::BadRequest("invalid_body", format!("请求中有不认识的字段“{other}”")));
                }
            }
        }
        Ok(())
    }
    .await;
    (letter, outcome)
}

/// 办理操作。action 取 accept、reply（text，publish：是否在答复公开栏公开，须来信人同意）、close、
/// route（to：单位编码）、hand_over（to：账号）、unpublish（reason）
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpinionActionFields {
    pub action: Option<String>,
    /// 答复内容，至多2000字
    pub text: Option<String>,
    pub publish: Option<bool>,
    pub to: Option<String>,
    pub reason: Option<String>,
}

impl OpinionActionFields {
    pub fn command(&self) -> Result<Command, DomainError> {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let command = match self.action.as_deref().unwrap_or_default() {
            "accept" => Command::Accept,
            "reply" => Command::Reply { text: text(&self.text), publish: self.publish.unwrap_or(false) },
            "close" => Command::Close,
            "route" => Command::Route {
                to: OrgCode::parse(self.to.as_deref().unwrap_or_default())
                    .map_err(|_| DomainError::invalid("unknown_org", "请填写转交单位的编码"))?,
            },
            "hand_over" => Command::HandOver { to: text(&self.to) },
            "unpublish" => Command::Unpublish { reason: text(&self.reason) },
            other => return Err(DomainError::invalid("invalid_opinion_action", format!("未知的办理操作“{other}”"))),
        };
        Ok(command)
    }
}
