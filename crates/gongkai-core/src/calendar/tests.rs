use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn twenty_working_days_across_the_spring_festival() {
    let c = Calendar::official();
    // Received on the Friday before the holiday: Saturday 14 February is a make-up
    // workday (the first), 15–23 February are off, Saturday 28 February is worked.
    assert!(c.is_working_day(day(2026, 2, 14)));
    assert!(!c.is_working_day(day(2026, 2, 16)));
    assert_eq!(c.add_working_days(day(2026, 2, 13), 1), day(2026, 2, 14));
    assert_eq!(c.add_working_days(day(2026, 2, 13), 2), day(2026, 2, 24));
    assert_eq!(c.add_working_days(day(2026, 2, 13), 20), day(2026, 3, 19));
    // Received on a holiday: the period still starts the next day.
    assert_eq!(c.add_working_days(day(2026, 2, 17), 20), day(2026, 3, 20));
}

#[test]
fn twenty_working_days_across_national_day() {
    let c = Calendar::official();
    assert_eq!(c.add_working_days(day(2026, 9, 30), 1), day(2026, 10, 8));
    assert_eq!(c.add_working_days(day(2026, 9, 30), 3), day(2026, 10, 10), "Saturday 10 October is worked");
    assert_eq!(c.add_working_days(day(2026, 9, 30), 20), day(2026, 11, 3));
    // A Saturday receipt: Sunday 20 September is a make-up workday, Mid-Autumn and
    // National Day are off.
    assert_eq!(c.add_working_days(day(2026, 9, 19), 1), day(2026, 9, 20));
    assert_eq!(c.add_working_days(day(2026, 9, 19), 20), day(2026, 10, 22));
    assert_eq!(c.working_days_between(day(2026, 9, 30), day(2026, 10, 7)), 0);
    // 2025: the holiday week ran 1–8 October, Saturday 11 October was worked.
    assert_eq!(c.add_working_days(day(2025, 9, 30), 1), day(2025, 10, 9));
    assert_eq!(c.add_working_days(day(2025, 9, 30), 3), day(2025, 10, 11));
}

#[test]
fn seven_working_days_for_a_correction_and_weekends_without_a_listing() {
    let c = Calendar::official();
    assert_eq!(c.add_working_days(day(2026, 3, 6), 7), day(2026, 3, 17), "Friday: two weekends inside");
    assert_eq!(c.add_working_days(day(2026, 3, 6), 0), day(2026, 3, 6));
    assert!(!c.knows_year(2027), "nobody has entered 2027 yet");
    assert!(c.knows_year(2026));
}

#[test]
fn later_years_and_local_closures_are_added() {
    let mut c = Calendar::official().clone();
    let added =
        parse_csv("date,kind,festival\n2027-02-06,上班,春节\n2027-02-08,放假,春节\n2026-07-14,holiday,台风停工\n")
            .unwrap();
    c.add(added);
    assert!(c.knows_year(2027));
    assert!(c.is_working_day(day(2027, 2, 6)), "a Saturday made up");
    assert!(!c.is_working_day(day(2027, 2, 8)));
    assert!(!c.is_working_day(day(2026, 7, 14)), "a local closure is a day off");
    assert_eq!(c.add_working_days(day(2026, 7, 13), 1), day(2026, 7, 15));
}

#[test]
fn a_bad_row_names_its_line() {
    let e = parse_csv("date,kind\n2027-02-06,上班\n2027-13-01,放假\n").unwrap_err();
    assert_eq!(e.code, "invalid_calendar");
    assert!(e.message.starts_with("日历第3行"), "{}", e.message);
    let e = parse_csv("date,kind\n2027-02-06,调休\n").unwrap_err();
    assert!(e.message.contains("“调休”"), "{}", e.message);
}

fn any_day() -> impl Strategy<Value = NaiveDate> {
    // 2019 to 2027: inside, around and outside the built-in years.
    (0i64..9 * 366).prop_map(|n| day(2019, 1, 1) + chrono::Duration::days(n))
}

proptest! {
    #[test]
    fn counting_back_gives_what_was_added(from in any_day(), n in 0u32..60) {
        let c = Calendar::official();
        let due = c.add_working_days(from, n);
        prop_assert_eq!(c.working_days_between(from, due), n);
        if n > 0 {
            prop_assert!(c.is_working_day(due), "a period ends on a working day");
            prop_assert!(due > from);
            prop_assert_eq!(c.working_days_between(from, due - chrono::Duration::days(1)), n - 1);
        }
    }

    #[test]
    fn periods_add_up(from in any_day(), a in 0u32..40, b in 0u32..40) {
        let c = Calendar::official();
        prop_assert_eq!(c.add_working_days(c.add_working_days(from, a), b), c.add_working_days(from, a + b));
    }

    #[test]
    fn counts_split_at_any_day(a in any_day(), x in 0i64..200, y in 0i64..200) {
        let c = Calendar::official();
        let (b, d) = (a + chrono::Duration::days(x), a + chrono::Duration::days(x + y));
        prop_assert_eq!(c.working_days_between(a, d), c.working_days_between(a, b) + c.working_days_between(b, d));
        prop_assert_eq!(c.working_days_between(d, a), 0, "nothing is counted backwards");
    }
}

#[test]
fn an_administrators_table_adds_a_year_or_is_refused_whole() {
    let rows = |cells: &[[&str; 3]]| -> Vec<Vec<String>> {
        std::iter::once(["名称", "日期", "类别"])
            .chain(cells.iter().copied())
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    };
    let days = days_from_table(&rows(&[["春节", "2027-02-08", "放假"], ["春节", "2027-02-07", "上班"]])).unwrap();
    assert_eq!(days.len(), 2);
    assert_eq!((days[0].date.to_string(), days[0].kind), ("2027-02-07".into(), DayKind::Workday));
    let mut calendar = Calendar::official().clone();
    assert!(!calendar.knows_year(2027));
    calendar.add(days);
    assert!(calendar.knows_year(2027));
    assert!(calendar.is_working_day(chrono::NaiveDate::from_ymd_opt(2027, 2, 7).unwrap()), "a Sunday worked");

    let errors = days_from_table(&rows(&[["春节", "2027-02-30", "放假"], ["", "2027-02-09", "休息"]])).unwrap_err();
    let text = errors.to_string();
    assert!(
        text.contains("第2行“日期”列") && text.contains("第3行“类别”列") && text.contains("第3行“名称”列"),
        "{text}"
    );
    let twice = days_from_table(&rows(&[["春节", "2027-02-08", "放假"], ["春节", "2027-02-08", "放假"]])).unwrap_err();
    assert!(twice.to_string().contains("不止一次"));
    let no_kind = vec![vec!["日期".to_string(), "名称".to_string()]];
    assert!(days_from_table(&no_kind).unwrap_err().to_string().contains("类别"));
}

#[test]
fn a_year_nobody_entered_still_keeps_the_fixed_holidays() {
    let calendar = Calendar::official();
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    assert!(!calendar.knows_year(2027));
    // 1 January 2027 is a Friday, 1 October a Friday.
    assert!(!calendar.is_working_day(day("2027-01-01")));
    assert!(!calendar.is_working_day(day("2027-10-01")));
    assert!(calendar.is_working_day(day("2027-01-04")));
    assert_eq!(calendar.add_working_days(day("2026-12-31"), 1), day("2027-01-04"));
}
