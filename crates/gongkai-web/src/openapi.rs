//! The OpenAPI 3.1 description of `/api/v1`, served at `/api/v1/openapi.json`.

use serde_json::{json, Value};

fn error_responses(codes: &[&str]) -> Value {
    let mut out = serde_json::Map::new();
    for code in codes {
        out.insert((*code).into(), json!({ "description": "错误", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }));
    }
    Value::Object(out)
}

fn op(summary: &str, body: Option<&str>, ok: (&str, &str), errors: &[&str], secured: bool) -> Value {
    let mut responses = error_responses(errors);
    responses[ok.0] = json!({ "description": "成功", "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{}", ok.1) } } } });
    let mut v = json!({ "summary": summary, "responses": responses });
    if let Some(schema) = body {
        v["requestBody"] = json!({ "required": true, "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } } });
    }
    if secured {
        v["security"] = json!([{ "bearer": [] }]);
    }
    v
}

fn path_param(name: &str) -> Value {
    json!([{ "name": name, "in": "path", "required": true, "schema": { "type": "string" } }])
}

pub fn spec() -> Value {
    let action = |summary: &str, body: Option<&str>| {
        let mut v = op(summary, body, ("200", "Disclosure"), &["401", "403", "404", "409", "422"], true);
        v["parameters"] = path_param("id");
        v
    };
    let by_org = |summary: &str, body: &str, ok: (&str, &str)| {
        let mut v = op(summary, Some(body), ok, &["400", "401", "403", "404", "409", "422"], true);
        v["parameters"] = path_param("code");
        v
    };
    json!({
        "openapi": "3.1.0",
        "info": { "title": "gongkai 党务政务公开 API", "version": "1" },
        "servers": [{ "url": "/api/v1" }],
        "paths": {
            "/session": { "post": op("登录，取得访问令牌", Some("Credentials"), ("201", "Token"), &["400", "401", "422", "429"], false) },
            "/orgs": { "get": op("单位列表", None, ("200", "OrgList"), &[], false) },
            "/orgs/{code}": {
                "get": { "parameters": path_param("code"), "summary": "单位详情", "responses": error_responses(&["404"]) },
                "put": by_org("修改单位信息（联系方式、第一责任人、领导班子）；整体替换，未给出的字段即被清空", "OrgDetails", ("200", "Org"))
            },
            "/orgs/{code}/catalog": {
                "get": { "parameters": path_param("code"), "summary": "单位的公开目录（模板加本单位增补）", "responses": error_responses(&["404"]) },
                "post": by_org("增补本单位的目录事项", "NewCatalogItem", ("201", "CatalogItem"))
            },
            "/disclosures": { "post": op("起草公开记录", Some("DraftFields"), ("201", "Disclosure"), &["400", "401", "403", "422"], true) },
            "/disclosures/{id}": {
                "get": { "parameters": path_param("id"), "summary": "公开记录（未公开的须有权限）", "responses": error_responses(&["404"]) },
                "put": action("修改草稿或被退回的记录", Some("DraftFields"))
            },
            "/disclosures/{id}/submit": { "post": action("提交审核", None) },
            "/disclosures/{id}/approve": { "post": action("审核通过（立即发布或定时发布）", None) },
            "/disclosures/{id}/reject": { "post": action("退回", Some("Reason")) },
            "/disclosures/{id}/withdraw": { "post": action("撤回", Some("Reason")) },
            "/disclosures/{id}/revise": { "post": action("更正：基于已公开记录起草新版本", Some("ChangeNote")) },
            "/disclosures/{id}/attachments": { "post": {
                "summary": "上传附件（PDF、DOCX、XLSX、PNG、JPEG）",
                "parameters": path_param("id"),
                "security": [{ "bearer": [] }],
                "requestBody": { "content": { "multipart/form-data": { "schema": { "type": "object", "properties": { "file": { "type": "string", "format": "binary" } } } } } },
                "responses": error_responses(&["401", "403", "404", "409", "413", "415", "422"])
            } }
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "Error": { "type": "object", "required": ["code", "message"], "properties": { "code": { "type": "string" }, "message": { "type": "string" } } },
                "Credentials": { "type": "object", "required": ["username", "password"], "properties": { "username": { "type": "string" }, "password": { "type": "string" } } },
                "Token": { "type": "object", "required": ["token"], "properties": { "token": { "type": "string" }, "expires_in": { "type": "integer" } } },
                "OrgList": { "type": "array", "items": { "type": "object", "required": ["code", "name", "parent"], "properties": {
                    "code": { "type": "string" }, "name": { "type": "string" }, "parent": { "type": ["string", "null"] }, "kind": { "type": "string" } } } },
                "Leader": { "type": "object", "required": ["name", "post"], "additionalProperties": false, "properties": {
                    "name": { "type": "string", "maxLength": 20 }, "post": { "type": "string", "maxLength": 40 },
                    "duties": { "type": "string", "maxLength": 200 }, "phone": { "type": ["string", "null"], "maxLength": 30 } } },
                "OrgDetails": { "type": "object", "additionalProperties": false, "properties": {
                    "address": { "type": "string", "maxLength": 200 }, "phone": { "type": "string", "maxLength": 30 },
                    "first_responsible": { "type": "string", "maxLength": 20 },
                    "leaders": { "type": "array", "maxItems": 30, "items": { "$ref": "#/components/schemas/Leader" } } } },
                "Org": { "type": "object", "required": ["code", "name", "kind"], "properties": {
                    "code": { "type": "string" }, "name": { "type": "string" }, "kind": { "type": "string" }, "parent": { "type": ["string", "null"] },
                    "address": { "type": ["string", "null"] }, "phone": { "type": ["string", "null"] }, "first_responsible": { "type": ["string", "null"] },
                    "leaders": { "type": "array", "items": { "$ref": "#/components/schemas/Leader" } } } },
                "NewCatalogItem": { "type": "object", "required": ["code", "name"], "additionalProperties": false, "properties": {
                    "code": { "type": "string" }, "parent": { "type": "string", "description": "上级事项编码；一级事项不填" },
                    "name": { "type": "string", "maxLength": 100 },
                    "leaf": { "type": "object", "description": "公开内容的要素；不填则为目录分类。各项可用代码或中文名称（如 government 或 政务）", "required": ["domain", "time_class"], "additionalProperties": false, "properties": {
                        "domain": { "type": "string", "examples": ["party", "government"] },
                        "time_class": { "type": "string", "examples": ["long", "phase", "short", "anytime"] },
                        "power": { "type": "string" }, "audience": { "type": "string" }, "basis": { "type": "string", "maxLength": 200 },
                        "responsible": { "type": "string" }, "channels": { "type": "string" }, "mode": { "type": "string" }, "update_rule": { "type": "string" } } } } },
                "CatalogItem": { "type": "object", "required": ["code", "level", "name", "leaf"], "properties": {
                    "code": { "type": "string" }, "parent": { "type": ["string", "null"] }, "level": { "type": "integer" },
                    "name": { "type": "string" }, "leaf": { "type": "boolean" }, "rules": { "type": "object" } } },
                "DraftFields": { "type": "object", "required": ["org", "catalog_item", "title", "body"], "properties": {
                    "org": { "type": "string" }, "catalog_item": { "type": "string" }, "title": { "type": "string", "maxLength": 200 },
                    "body": { "type": "string", "description": "HTML；脚本等不安全内容会被清除" }, "summary": { "type": "string" },
                    "stage": { "type": "string", "enum": ["pre_decision", "decision", "execution", "result"] },
                    "matter": { "type": "string", "description": "同一事项已有记录所属事项的编号" },
                    "publicity_start": { "type": "string", "format": "date" }, "publicity_end": { "type": "string", "format": "date" },
                    "publish_at": { "type": "string", "format": "date-time" } } },
                "Reason": { "type": "object", "required": ["reason"], "properties": { "reason": { "type": "string" } } },
                "ChangeNote": { "type": "object", "required": ["change_note"], "properties": { "change_note": { "type": "string" } } },
                "Disclosure": { "type": "object", "required": ["id", "state"], "properties": {
                    "id": { "type": "string" }, "state": { "type": "string" }, "state_label": { "type": "string" }, "version": { "type": "integer" },
                    "title": { "type": "string" }, "org_code": { "type": "string" }, "catalog_code": { "type": "string" }, "url": { "type": "string" } } }
            }
        }
    })
}
