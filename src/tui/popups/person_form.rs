//! A person of a section, and a section (`a`, `e`, `A`, `S` on People), on the shared
//! form engine ([`super::form`]). The fields are read by the core as the command line
//! reads its flags ([`PersonEdit`], [`SectionEdit`]), and every change is checked at
//! once by the operation that will apply it: what the form accepts, the file loads.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::model::{Database, Person, PersonId, Section, SectionId};
use crate::planning::ops::{self, PersonEdit, SectionEdit};
use crate::planning::{OpError, Transaction};
use crate::tui::action::{Action, Screen};
use crate::tui::component::{Component, Ctx};
use crate::tui::keymap::{Context, Key};
use crate::tui::popups::form::{Field as F, FieldKey, Form, Look};
use crate::tui::queue::Msg;
use crate::tui::widgets;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PField {
    Family,
    Given,
    KnownAs,
    Section,
    Title,
    Position,
    Email,
    Phone,
    Zone,
    Notes,
    Id,
}

impl FieldKey for PField {
    fn label(self) -> &'static str {
        match self {
            PField::Family => "Family name",
            PField::Given => "Given names",
            PField::KnownAs => "Known as",
            PField::Section => "Section",
            PField::Title => "Title",
            PField::Position => "Position",
            PField::Email => "Email",
            PField::Phone => "Phone",
            PField::Zone => "Home zone",
            PField::Notes => "Notes",
            PField::Id => "Id",
        }
    }
}

const PERSON_LOOK: Look = Look {
    max_width: 76,
    label_width: 14,
    inline_errors: false,
    ready: "✓ ready to save",
    cancel: "cancel",
    choose: Some("section"),
    tick: false,
};

/// A new person, or one being edited.
#[derive(Debug, Clone)]
pub struct PersonForm {
    /// The person edited; none for a new one.
    pub editing: Option<PersonId>,
    pub form: Form<PField>,
}

impl PersonForm {
    /// A new person, in `section` when given (the section of the selected row).
    pub fn new(db: &Database, section: Option<&str>) -> Self {
        let sections: Vec<String> = db.sections.keys().map(|s| s.to_string()).collect();
        let index = section
            .and_then(|s| sections.iter().position(|x| x == s))
            .unwrap_or(0);
        let mut fields = Self::fields(sections, index);
        fields.push(F::text(PField::Id, "").width(24));
        let mut me = Self {
            editing: None,
            form: Form::new(fields, PField::Family),
        };
        me.revalidate(db);
        me
    }

    pub fn edit(db: &Database, id: &str) -> Option<Self> {
        let p = db.people.get(id)?;
        let sections: Vec<String> = db.sections.keys().map(|s| s.to_string()).collect();
        let index = sections.iter().position(|s| *s == p.section).unwrap_or(0);
        let mut form = Form::new(Self::fields(sections, index), PField::Family);
        if !db.sections.contains_key(&p.section) {
            form.choose_or_add(PField::Section, &p.section);
        }
        let (family, given) = p.name_parts();
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        for (k, v) in [
            (PField::Family, family),
            (PField::Given, given),
            (PField::KnownAs, opt(&p.known_as)),
            (PField::Title, opt(&p.honorific)),
            (PField::Position, opt(&p.position)),
            (PField::Email, opt(&p.email)),
            (PField::Phone, opt(&p.phone)),
            (
                PField::Zone,
                p.timezone.map(|z| z.name().to_string()).unwrap_or_default(),
            ),
            (PField::Notes, opt(&p.notes)),
        ] {
            form.set(k, &v);
        }
        form.focus_on(PField::Family);
        Some(Self {
            editing: Some(PersonId::from(id)),
            form,
        })
    }

    fn fields(sections: Vec<String>, index: usize) -> Vec<F<PField>> {
        vec![
            F::text(PField::Family, ""),
            F::text(PField::Given, ""),
            F::text(PField::KnownAs, ""),
            F::choice(PField::Section, sections, index),
            F::text(PField::Title, "").width(16),
            F::text(PField::Position, ""),
            F::text(PField::Email, ""),
            F::text(PField::Phone, "").width(24),
            F::text(PField::Zone, "").width(24),
            F::lines(PField::Notes, ""),
        ]
    }

    /// The fields as typed, read by the core like the command line's flags.
    fn person_edit(&self) -> PersonEdit {
        let f = &self.form;
        let text = |k| Some(f.raw(k).to_string());
        PersonEdit {
            family: text(PField::Family),
            given: text(PField::Given),
            known_as: text(PField::KnownAs),
            section: Some(f.text(PField::Section).to_string()),
            honorific: text(PField::Title),
            position: text(PField::Position),
            email: text(PField::Email),
            phone: text(PField::Phone),
            timezone: text(PField::Zone),
            notes: text(PField::Notes),
        }
    }

    /// The person as the form would save them.
    fn person(&self, db: &Database) -> Result<Person, OpError> {
        let edit = self.person_edit();
        match &self.editing {
            None => edit.new_person(db, self.form.optional(PField::Id).as_deref()),
            Some(id) => {
                let mut p =
                    db.people.get(id).cloned().ok_or_else(|| {
                        OpError::from(format!("{id} is no longer in the database"))
                    })?;
                edit.apply_to(&mut p)?;
                Ok(p)
            }
        }
    }

    /// The change to apply: `None` when nothing changed.
    pub fn transaction(&self, db: &Database) -> Result<Option<Transaction>, OpError> {
        let person = self.person(db)?;
        match &self.editing {
            None => ops::add_person(db, person).map(Some),
            Some(id) if db.people.get(id) == Some(&person) => Ok(None),
            Some(id) => ops::edit_person(db, id, &self.person_edit()).map(Some),
        }
    }

    pub fn revalidate(&mut self, db: &Database) {
        self.form.error = self.transaction(db).err();
    }

    /// The id a new person will get, when none is typed.
    fn made_id(&self, db: &Database) -> Option<PersonId> {
        (self.editing.is_none() && self.form.optional(PField::Id).is_none())
            .then(|| self.person(db).ok().map(|p| p.id))
            .flatten()
    }
}

impl Component for PersonForm {
    fn context(&self) -> Context {
        Context::Form
    }

    fn handle(&mut self, action: Action, ctx: &Ctx, out: &mut Vec<Msg>) {
        match action {
            Action::Cancel => out.push(Msg::Close),
            Action::Submit => {
                self.revalidate(ctx.db);
                match self.transaction(ctx.db) {
                    Ok(None) => out.push(Msg::Close),
                    Ok(Some(tx)) => {
                        let id = self.person(ctx.db).map(|p| p.id).unwrap_or_default();
                        out.push(Msg::apply_then(
                            Ok(tx),
                            vec![Msg::Close, Msg::Show(Screen::People), Msg::SelectPerson(id)],
                        ));
                    }
                    Err(_) => {}
                }
            }
            act => {
                self.form.act(act);
                self.revalidate(ctx.db);
            }
        }
    }

    fn input(&mut self, key: Key, ctx: &Ctx, _out: &mut Vec<Msg>) {
        if self.form.input(key) {
            self.revalidate(ctx.db);
        }
    }

    fn paste(&mut self, text: &str, ctx: &Ctx, _out: &mut Vec<Msg>) {
        self.form.paste(text);
        self.revalidate(ctx.db);
    }

    fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let title = match &self.editing {
            Some(id) => format!("Edit {}", widgets::fit(ctx.db.person_name(id), 40)),
            None => "New person".to_string(),
        };
        let dim = ctx.theme.dim;
        let made = self.made_id(ctx.db);
        let note = |w: usize| {
            let mut notes = vec![Line::from(Span::styled(
                widgets::fit(
                    "  names as in the passport; home zone: empty for the section's",
                    w,
                ),
                dim,
            ))];
            if let Some(id) = &made {
                notes.push(Line::from(Span::styled(
                    widgets::fit(&format!("  id, if left empty: {id}"), w),
                    dim,
                )));
            }
            notes
        };
        self.form.draw(ctx, area, buf, &title, &PERSON_LOOK, note);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SField {
    Name,
    Country,
    Zone,
    Id,
}

impl FieldKey for SField {
    fn label(self) -> &'static str {
        match self {
            SField::Name => "Name",
            SField::Country => "Country",
            SField::Zone => "Time zone",
            SField::Id => "Id",
        }
    }
}

const SECTION_LOOK: Look = Look {
    max_width: 70,
    label_width: 12,
    inline_errors: false,
    ready: "✓ ready to save",
    cancel: "cancel",
    choose: None,
    tick: false,
};

/// A new section, or one being edited.
#[derive(Debug, Clone)]
pub struct SectionForm {
    pub editing: Option<SectionId>,
    pub form: Form<SField>,
}

impl SectionForm {
    pub fn new(db: &Database) -> Self {
        let fields = vec![
            F::text(SField::Name, ""),
            F::text(SField::Country, "").width(4),
            F::text(SField::Zone, "").width(28),
            F::text(SField::Id, "").width(24),
        ];
        let mut me = Self {
            editing: None,
            form: Form::new(fields, SField::Name),
        };
        me.revalidate(db);
        me
    }

    pub fn edit(db: &Database, id: &str) -> Option<Self> {
        let s = db.sections.get(id)?;
        let fields = vec![
            F::text(SField::Name, &s.name),
            F::text(SField::Country, &s.country).width(4),
            F::text(SField::Zone, s.timezone.name()).width(28),
        ];
        Some(Self {
            editing: Some(SectionId::from(id)),
            form: Form::new(fields, SField::Name),
        })
    }

    fn section_edit(&self) -> SectionEdit {
        let f = &self.form;
        SectionEdit {
            name: Some(f.raw(SField::Name).to_string()),
            country: Some(f.raw(SField::Country).to_string()),
            timezone: Some(f.raw(SField::Zone).to_string()),
        }
    }

    fn section(&self, db: &Database) -> Result<Section, OpError> {
        let edit = self.section_edit();
        match &self.editing {
            None => edit.new_section(db, self.form.optional(SField::Id).as_deref()),
            Some(id) => {
                let mut s =
                    db.sections.get(id).cloned().ok_or_else(|| {
                        OpError::from(format!("{id} is no longer in the database"))
                    })?;
                edit.apply_to(&mut s)?;
                Ok(s)
            }
        }
    }

    pub fn transaction(&self, db: &Database) -> Result<Option<Transaction>, OpError> {
        let section = self.section(db)?;
        match &self.editing {
            None => ops::add_section(db, section).map(Some),
            Some(id) if db.sections.get(id) == Some(&section) => Ok(None),
            Some(id) => ops::edit_section(db, id, &self.section_edit()).map(Some),
        }
    }

    pub fn revalidate(&mut self, db: &Database) {
        self.form.error = self.transaction(db).err();
    }
}

impl Component for SectionForm {
    fn context(&self) -> Context {
        Context::Form
    }

    fn handle(&mut self, action: Action, ctx: &Ctx, out: &mut Vec<Msg>) {
        match action {
            Action::Cancel => out.push(Msg::Close),
            Action::Submit => match self.transaction(ctx.db) {
                Ok(None) => out.push(Msg::Close),
                Ok(Some(tx)) => out.push(Msg::apply_then(Ok(tx), vec![Msg::Close])),
                Err(e) => self.form.error = Some(e),
            },
            act => {
                self.form.act(act);
                self.revalidate(ctx.db);
            }
        }
    }

    fn input(&mut self, key: Key, ctx: &Ctx, _out: &mut Vec<Msg>) {
        if self.form.input(key) {
            self.revalidate(ctx.db);
        }
    }

    fn paste(&mut self, text: &str, ctx: &Ctx, _out: &mut Vec<Msg>) {
        self.form.paste(text);
        self.revalidate(ctx.db);
    }

    fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let title = match &self.editing {
            Some(id) => format!("Edit section {}", widgets::fit(id, 30)),
            None => "New section".to_string(),
        };
        let dim = ctx.theme.dim;
        let note = |w: usize| {
            vec![Line::from(Span::styled(
                widgets::fit(
                    "  country: ISO code (AT); zone: its capital's, e.g. Europe/Vienna",
                    w,
                ),
                dim,
            ))]
        };
        self.form.draw(ctx, area, buf, &title, &SECTION_LOOK, note);
    }
}
