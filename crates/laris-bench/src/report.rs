//! A run's figures, printed as a human-readable summary or as one JSON object (keys in the
//! order they were added) on the last line of stdout.

use serde_json::Value;

#[derive(Debug, Default)]
pub struct Report {
    fields: Vec<(String, Value)>,
    /// Free-text lines for the human summary only (what was measured, warnings).
    notes: Vec<String>,
}

impl Report {
    pub fn new(workload: &str) -> Self {
        let mut r = Report::default();
        r.set("workload", workload);
        r
    }

    /// Adds a field, or replaces it if it is already there.
    pub fn set(&mut self, key: &str, value: impl Into<Value>) {
        let value = value.into();
        match self.fields.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => self.fields.push((key.to_string(), value)),
        }
    }

    pub fn extend(&mut self, fields: Vec<(String, Value)>) {
        for (k, v) in fields {
            self.set(&k, v);
        }
    }

    pub fn note(&mut self, line: impl Into<String>) {
        self.notes.push(line.into());
    }

    /// The per-key median of several runs of one workload: numbers take the median (the
    /// upper one of an even count), booleans the majority (for an odd count this agrees with
    /// the median of the figure they judge), anything else the last run's value. Adds `runs`.
    pub fn median(runs: &[Report]) -> Report {
        let Some(last) = runs.last() else {
            return Report::default();
        };
        let mut out = Report::default();
        for (key, value) in &last.fields {
            let values: Vec<&Value> = runs.iter().filter_map(|r| r.get(key)).collect();
            let merged = match value {
                Value::Number(_) => {
                    let mut nums: Vec<f64> = values.iter().filter_map(|v| v.as_f64()).collect();
                    nums.sort_by(f64::total_cmp);
                    let m = nums[nums.len() / 2];
                    if value.is_f64() {
                        Value::from(m)
                    } else {
                        Value::from(m as i64)
                    }
                }
                Value::Bool(_) => {
                    let yes = values.iter().filter(|v| v.as_bool() == Some(true)).count();
                    Value::from(2 * yes > values.len())
                }
                other => other.clone(),
            };
            out.set(key, merged);
        }
        out.set("runs", runs.len());
        out.notes = last.notes.clone();
        out
    }

    fn get(&self, key: &str) -> Option<&Value> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn to_json_line(&self) -> String {
        let body: Vec<String> = self
            .fields
            .iter()
            .map(|(k, v)| format!("{}:{v}", Value::from(k.as_str())))
            .collect();
        format!("{{{}}}", body.join(","))
    }

    pub fn print(&self, json: bool) {
        if json {
            println!("{}", self.to_json_line());
            return;
        }
        let width = self.fields.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        for (k, v) in &self.fields {
            let shown = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            println!("{k:<width$}  {shown}");
        }
        if !self.notes.is_empty() {
            println!();
            for n in &self.notes {
                println!("{n}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_insertion_order_and_parses() {
        let mut r = Report::new("ringup");
        r.set("sales", 5000);
        r.set("a_ratio", 1.5);
        r.set("sales", 5001);
        let line = r.to_json_line();
        assert_eq!(line, r#"{"workload":"ringup","sales":5001,"a_ratio":1.5}"#);
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["sales"], 5001);
    }

    #[test]
    fn median_of_runs() {
        let runs: Vec<Report> = [(3.0, 10, true), (1.0, 30, false), (2.0, 20, true)]
            .into_iter()
            .map(|(p99, n, ok)| {
                let mut r = Report::new("ringup");
                r.set("p99", p99);
                r.set("n", n);
                r.set("ok", ok);
                r
            })
            .collect();
        assert_eq!(
            Report::median(&runs).to_json_line(),
            r#"{"workload":"ringup","p99":2.0,"n":20,"ok":true,"runs":3}"#
        );
    }
}
