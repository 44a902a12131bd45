//! Facts in the generated corpus that a reader would check against each other: the
//! figures of an annual report, whether an agency penalises within its remit, and whether
//! a name listed beside a sex reads as that sex.

use gongkai_store::q;

use super::tests::loaded;

/// The number written right after `label` (`本年新收申请12件` → 12).
fn figure(text: &str, label: &str) -> Option<i64> {
    let rest = &text[text.find(label)? + label.len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// What is wrong with the figures of an annual report, if anything.
fn report_faults(body: &str) -> Vec<String> {
    let f = |label| figure(body, label).unwrap_or(-1);
    let received = f("本年新收申请");
    let mut faults = Vec::new();
    if f("受理政府信息公开申请") != received {
        faults.push("the summary and section three count different requests".to_owned());
    }
    if f("其中自然人申请") + f("法人或其他组织申请") != received {
        faults.push("senders do not add up".to_owned());
    }
    let outcomes = f("予以公开") + f("部分公开") + f("不予公开") + f("无法提供");
    if outcomes != received {
        faults.push(format!("outcomes add up to {outcomes}, not {received}"));
    }
    // The table: made this year, repealed, in force.
    for row in body.split("<tr>").skip(2) {
        let cells: Vec<i64> = row.split("<td>").filter_map(|c| c.split("</td>").next()?.parse().ok()).collect();
        if let [made, _, in_force] = cells[..] {
            if in_force < made {
                faults.push(format!("{in_force} in force but {made} made this year"));
            }
        }
    }
    faults
}

/// Offences by a word of the fact, and the words one of which the penalising agency's
/// name must hold.
const REMIT: &[(&str, &[&str])] = &[
    ("排污", &["生态环境"]),
    ("大气污染", &["生态环境"]),
    ("食品", &["市场监督"]),
    ("营业执照", &["市场监督"]),
    ("年度报告", &["市场监督"]),
    ("安全生产", &["应急管理"]),
    ("会计", &["财政"]),
    ("道路运输", &["交通运输"]),
    ("占用土地", &["自然资源"]),
    ("农药", &["农业农村"]),
    ("医疗机构", &["卫生健康"]),
    ("营业性演出", &["文化", "文旅"]),
    ("工作时间", &["人力资源和社会保障"]),
    ("社会保险", &["人力资源和社会保障"]),
    ("施工许可", &["住房和城乡建设"]),
    ("取水", &["水利"]),
    ("社会团体", &["民政"]),
    ("统计资料", &["统计"]),
    ("摆摊", &["街道", "镇", "乡", "城市管理", "执法"]),
    ("户外广告", &["街道", "镇", "乡", "城市管理", "执法"]),
];

/// Given-name characters no reader takes for the other sex.
const ONLY_WOMEN: &[char] = &['芳', '娟', '艳', '霞', '婷', '燕', '凤', '倩', '蕾', '琴', '萍', '兰', '丽', '秀'];
const ONLY_MEN: &[char] = &['强', '军', '刚', '勇', '磊', '鹏', '斌', '兵', '峰', '涛', '浩', '凯'];

/// Names listed beside a sex they do not read as.
fn gender_faults(body: &str) -> Vec<String> {
    let cells: Vec<&str> = body.split("<td>").skip(1).filter_map(|c| c.split("</td>").next()).collect();
    cells
        .windows(2)
        .filter_map(|pair| {
            let (name, sex) = (pair[0], pair[1]);
            let given: Vec<char> = name.chars().skip(1).collect();
            let wrong = match sex {
                "男" => given.iter().any(|c| ONLY_WOMEN.contains(c)),
                "女" => given.iter().any(|c| ONLY_MEN.contains(c)),
                _ => false,
            };
            wrong.then(|| format!("{name} listed as {sex}"))
        })
        .collect()
}

#[tokio::test]
async fn facts_agree_with_each_other() {
    let (_dir, store, _) = loaded("facts", 1).await;
    let rows: Vec<(String, String, String)> = store
        .db
        .fetch_all(q("SELECT r.title, r.body_html, o.name FROM records r JOIN orgs o ON o.code = r.org_code"))
        .await
        .unwrap();
    let (mut faults, mut reports, mut penalties, mut rosters) = (Vec::new(), 0, 0, 0);
    for (title, body, org) in &rows {
        if title.contains("年度报告") && body.contains("本年新收申请") {
            reports += 1;
            faults.extend(report_faults(body).into_iter().map(|f| format!("{title}: {f}")));
        }
        // A county, district or city government reports its departments' penalties; a
        // decision itself comes from the agency whose remit the offence is.
        let government = ["县", "区", "市"].iter().any(|s| org.ends_with(s));
        let fact = body.split("违法事实</td><td>").nth(1).and_then(|r| r.split("</td>").next());
        if let Some(fact) = fact.filter(|_| !government) {
            penalties += 1;
            for (word, agencies) in REMIT {
                if fact.contains(word) && !agencies.iter().any(|a| org.contains(a)) {
                    faults.push(format!("{org} penalises “{fact}”: {title}"));
                }
            }
        }
        if body.contains("<th>性别</th>") {
            rosters += 1;
            faults.extend(gender_faults(body).into_iter().map(|f| format!("{title}: {f}")));
        }
    }
    faults.sort();
    faults.dedup();
    assert!(faults.is_empty(), "{} faults, the first: {:#?}", faults.len(), &faults[..faults.len().min(20)]);
    assert!(
        reports >= 3 && penalties >= 3 && rosters > 50,
        "{reports} reports, {penalties} penalties, {rosters} rosters"
    );
}

#[test]
fn the_checks_catch_what_they_look_for() {
    let good = "受理政府信息公开申请12件。本年新收申请12件，其中自然人申请10件，法人或其他组织申请2件。\
                办理结果：予以公开9件，部分公开1件，不予公开1件，无法提供1件。\
                <table><tr><th>信息内容</th></tr><tr><td>行政许可</td><td>3</td><td>1</td><td>8</td></tr></table>";
    assert!(report_faults(good).is_empty(), "{:?}", report_faults(good));
    let bad = good.replace("予以公开9件", "予以公开8件").replace("<td>8</td>", "<td>2</td>");
    assert_eq!(report_faults(&bad).len(), 2);
    assert_eq!(gender_faults("<tr><td>王芳</td><td>男</td></tr><tr><td>李强</td><td>男</td></tr>").len(), 1);
}
