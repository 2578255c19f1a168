//! A three-way merge of one database file, item by item: what `attache merge-driver`
//! does for git when two people changed the same file.
//!
//! A line-based merge conflicts whenever both sides add an item, since new items go
//! to the same place, the end of their list. Here items are matched by their key (a
//! meeting's or a session's `id`, a delegate's `person`; a journey or stay without an
//! id by its whole text): an item added on either side is kept, an item changed on
//! one side takes that change, and a field changed differently on both sides is a
//! conflict. Such an item is written with git's conflict markers around it alone,
//! which `attache check` reports at its line. The merge starts from our version of
//! the document, so its comments and layout stay as they are.

use std::collections::HashSet;

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

/// The result of a merge: the merged text, and how many items conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub text: String,
    pub conflicts: usize,
}

/// Merge `ours` and `theirs`, two versions of a file descended from `base`. `None`
/// when one of them is not TOML (the caller falls back to a merge by lines).
pub fn merge(base: &str, ours: &str, theirs: &str) -> Option<Merged> {
    let base: DocumentMut = base.parse().ok()?;
    let theirs: DocumentMut = theirs.parse().ok()?;
    let mut doc: DocumentMut = ours.parse().ok()?;
    let mut conflicts = Vec::new();
    merge_fields(doc.as_table_mut(), base.as_table(), theirs.as_table());
    let mut lists: Vec<String> = Vec::new();
    for (name, item) in doc.iter().chain(theirs.iter()) {
        if item.is_array_of_tables() && !lists.iter().any(|l| l == name) {
            lists.push(name.to_string());
        }
    }
    for name in lists {
        merge_list(&mut doc, &base, &theirs, &name, &mut conflicts);
    }
    let text = mark_conflicts(doc.to_string(), &conflicts);
    Some(Merged {
        text,
        conflicts: conflicts.len(),
    })
}

/// An item whose fields both sides changed differently: ours stays in the document,
/// marked, and theirs is kept to write beside it.
struct Conflict {
    marker: String,
    list: String,
    theirs: Table,
}

/// What identifies an item of a list across versions.
fn item_key(list: &str, t: &Table) -> String {
    let field = match list {
        "delegate" => "person",
        _ => "id",
    };
    match t.get(field).and_then(Item::as_str) {
        Some(id) => format!("{field}={id}"),
        None => format!("text={}", normalized(t)),
    }
}

/// A table's content without its comments and layout, to compare versions.
fn normalized(t: &Table) -> String {
    t.iter()
        .map(|(k, v)| format!("{k}={}", value_text(v)))
        .collect::<Vec<_>>()
        .join("\n")
}

fn value_text(i: &Item) -> String {
    match i.as_value() {
        Some(v) => {
            let mut v = v.clone();
            v.decor_mut().clear();
            v.to_string()
        }
        None => i.to_string().trim().to_string(),
    }
}

fn get_list<'a>(doc: &'a DocumentMut, name: &str) -> Vec<&'a Table> {
    doc.get(name)
        .and_then(Item::as_array_of_tables)
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

fn merge_list(
    doc: &mut DocumentMut,
    base: &DocumentMut,
    theirs: &DocumentMut,
    name: &str,
    conflicts: &mut Vec<Conflict>,
) {
    let base_items = get_list(base, name);
    let their_items = get_list(theirs, name);
    let find = |items: &[&Table], key: &str| -> Option<Table> {
        items
            .iter()
            .find(|t| item_key(name, t) == key)
            .map(|t| (*t).clone())
    };
    if doc.get(name).is_none() {
        doc.insert(name, Item::ArrayOfTables(ArrayOfTables::new()));
    }
    let Some(ours) = doc.get_mut(name).and_then(Item::as_array_of_tables_mut) else {
        return;
    };
    let our_keys: HashSet<String> = ours.iter().map(|t| item_key(name, t)).collect();
    let mut remove = Vec::new();
    for (i, table) in ours.iter_mut().enumerate() {
        let key = item_key(name, table);
        let base_t = find(&base_items, &key);
        match (base_t, find(&their_items, &key)) {
            // Removed by them: gone, unless we changed it meanwhile.
            (Some(b), None) => {
                if normalized(&b) == normalized(table) {
                    remove.push(i);
                }
            }
            (b, Some(t)) => {
                let empty = Table::new();
                let b = b.as_ref().unwrap_or(&empty);
                if !merge_fields(table, b, &t) {
                    let marker = format!("attache-merge-conflict-{}", conflicts.len());
                    let prefix = table
                        .decor()
                        .prefix()
                        .and_then(|p| p.as_str())
                        .unwrap_or("")
                        .to_string();
                    table
                        .decor_mut()
                        .set_prefix(format!("{prefix}# {marker}\n"));
                    conflicts.push(Conflict {
                        marker,
                        list: name.to_string(),
                        theirs: t,
                    });
                }
            }
            (None, None) => {}
        }
    }
    for i in remove.into_iter().rev() {
        ours.remove(i);
    }
    // Added by them (or kept by them and dropped by us after changing: ours wins).
    for t in their_items {
        let key = item_key(name, t);
        if !our_keys.contains(&key) && find(&base_items, &key).is_none() {
            ours.push(t.clone());
        }
    }
}

/// Merge the plain fields of `theirs` into `ours`, field by field against `base`.
/// Lists of items are left to [`merge_list`]. Returns false when a field changed
/// differently on both sides (ours is kept).
fn merge_fields(ours: &mut Table, base: &Table, theirs: &Table) -> bool {
    let plain = |t: &Table| -> Vec<String> {
        t.iter()
            .filter(|(_, i)| !i.is_array_of_tables())
            .map(|(k, _)| k.to_string())
            .collect()
    };
    let mut keys = plain(ours);
    for k in plain(theirs).into_iter().chain(plain(base)) {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    let mut clean = true;
    for k in keys {
        let text = |t: &Table| t.get(&k).map(value_text);
        let (b, o, t) = (text(base), text(ours), text(theirs));
        if o == t || t == b {
            continue;
        }
        if o == b {
            match theirs.get(&k) {
                Some(item) => {
                    let mut item = item.clone();
                    if let (Some(v), Some(old)) =
                        (item.as_value_mut(), ours.get(&k).and_then(Item::as_value))
                    {
                        // Keep our spacing and comment around the new value.
                        *v.decor_mut() = old.decor().clone();
                    }
                    ours.insert(&k, item);
                }
                None => {
                    ours.remove(&k);
                }
            }
        } else {
            clean = false;
        }
    }
    clean
}

/// Replace each marked item of the rendered document by git's conflict markers around
/// our version and theirs.
fn mark_conflicts(text: String, conflicts: &[Conflict]) -> String {
    if conflicts.is_empty() {
        return text;
    }
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for c in conflicts {
        let Some(at) = lines.iter().position(|l| l == &format!("# {}", c.marker)) else {
            continue;
        };
        let start = at + 1;
        let mut end = (start + 1..lines.len())
            .find(|&i| lines[i].trim_start().starts_with('['))
            .unwrap_or(lines.len());
        while end > start + 1 && {
            let l = lines[end - 1].trim();
            l.is_empty() || l.starts_with('#')
        } {
            end -= 1;
        }
        let ours: Vec<String> = lines[start..end].to_vec();
        let theirs = standalone(&c.list, &c.theirs);
        let mut block = vec!["<<<<<<< ours".to_string()];
        block.extend(ours);
        block.push("=======".into());
        block.extend(theirs.lines().map(str::to_string));
        block.push(">>>>>>> theirs".into());
        lines.splice(at..end, block);
    }
    let mut out = lines.join("\n");
    if text.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// One item written alone, as `[[list]]` and its fields.
fn standalone(list: &str, table: &Table) -> String {
    let mut t = table.clone();
    t.decor_mut().clear();
    let mut aot = ArrayOfTables::new();
    aot.push(t);
    let mut doc = DocumentMut::new();
    doc.insert(list, Item::ArrayOfTables(aot));
    doc.to_string().trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r#"format = 1
session = "cnd-70"

# --- Meetings ---
[[meeting]]
id = "m1"
title = "One"
start = 2027-03-09T13:00:00
end = 2027-03-09T14:00:00
"#;

    fn ours_adds(id: &str, title: &str) -> String {
        format!(
            "{BASE}\n[[meeting]]\nid = \"{id}\"\ntitle = \"{title}\"\nstart = 2027-03-10T09:00:00\nend = 2027-03-10T10:00:00\n"
        )
    }

    #[test]
    fn items_added_on_both_sides_are_both_kept() {
        let m = merge(BASE, &ours_adds("m2", "Ours"), &ours_adds("m3", "Theirs")).unwrap();
        assert_eq!(m.conflicts, 0);
        assert!(m.text.contains("id = \"m2\""), "{}", m.text);
        assert!(m.text.contains("id = \"m3\""), "{}", m.text);
        assert!(m.text.contains("# --- Meetings ---"), "{}", m.text);
        assert!(m.text.parse::<DocumentMut>().is_ok());
    }

    #[test]
    fn a_change_on_one_side_is_taken() {
        let theirs = BASE.replace("13:00:00", "15:00:00");
        let ours = ours_adds("m2", "Ours");
        let m = merge(BASE, &ours, &theirs).unwrap();
        assert_eq!(m.conflicts, 0);
        assert!(m.text.contains("start = 2027-03-09T15:00:00"), "{}", m.text);
        assert!(m.text.contains("id = \"m2\""));
    }

    #[test]
    fn the_same_field_changed_twice_conflicts_around_that_item_only() {
        let ours = ours_adds("m2", "Ours").replace("13:00:00", "16:00:00");
        let theirs = BASE.replace("13:00:00", "15:00:00");
        let m = merge(BASE, &ours, &theirs).unwrap();
        assert_eq!(m.conflicts, 1);
        let t = &m.text;
        let open = t.find("<<<<<<< ours").unwrap();
        let mid = t.find("=======").unwrap();
        let close = t.find(">>>>>>> theirs").unwrap();
        assert!(open < mid && mid < close);
        assert!(t[open..mid].contains("16:00:00"));
        assert!(t[mid..close].contains("15:00:00"));
        // The other item and the comment are outside the markers.
        assert!(t.find("id = \"m2\"").unwrap() > close, "{t}");
        assert!(t.find("# --- Meetings ---").unwrap() < open, "{t}");
    }

    #[test]
    fn an_item_removed_by_them_and_untouched_by_us_goes() {
        let theirs = "format = 1\nsession = \"cnd-70\"\n";
        let m = merge(BASE, &ours_adds("m2", "Ours"), theirs).unwrap();
        assert!(!m.text.contains("\"m1\""), "{}", m.text);
        assert!(m.text.contains("\"m2\""));
    }

    #[test]
    fn not_toml_is_left_to_git() {
        assert!(merge(BASE, "[[meeting", BASE).is_none());
    }
}
