//! A generator of large databases in the version-1 format, deterministic from a seed:
//! sessions, sections, people and plans with a realistic shape, for benchmarks and
//! scale tests. Shared by `examples/gen_db.rs` and the benches through `#[path]`.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// The size of a generated database.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub sessions: usize,
    pub sections: usize,
    pub people: usize,
    pub meetings: usize,
    pub seed: u64,
    /// The share of meetings booked over their owner's previous one, as leads do when
    /// they book first and resolve later (0: only the occasional clash).
    pub clash_density: f64,
    /// People at each meeting (0: the owner, and a colleague one time in eight).
    pub attendees: usize,
}

impl Shape {
    /// The organization-scale shape of the performance targets, scaled to `meetings`.
    pub fn with_meetings(meetings: usize) -> Self {
        Self {
            sessions: 100,
            sections: 50,
            people: 5_000,
            meetings,
            seed: 1,
            clash_density: 0.0,
            attendees: 0,
        }
    }
}

/// SplitMix64: the whole of what a reproducible generator needs. Written out because
/// the output must stay the same forever for a given seed, which general-purpose RNG
/// crates do not promise across versions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const ZONES: [&str; 6] = [
    "Europe/Rome",
    "Europe/Berlin",
    "Europe/Belgrade",
    "Europe/Zagreb",
    "Europe/Tirane",
    "Europe/Vienna",
];
const BODIES: [&str; 4] = ["CND", "CCPCJ", "COP-UNTOC", "CoSP-UNCAC"];
const ROOMS: [&str; 6] = [
    "Plenary Hall",
    "Board Room A",
    "Board Room B",
    "Board Room D",
    "M2",
    "M7",
];

/// The files of the database, as (relative path, text).
pub fn files(shape: Shape) -> Vec<(String, String)> {
    let mut rng = Rng(shape.seed);
    let mut out = Vec::new();
    out.push((
        "venues.toml".to_string(),
        format!(
            "format = 1\n\n[[venue]]\nid = \"vic\"\nname = \"Vienna International Centre\"\ncity = \"Vienna\"\ncountry = \"AT\"\ntimezone = \"Europe/Vienna\"\naddress = \"Wagramer Strasse 5, 1220 Vienna\"\nrooms = [{}]\n",
            ROOMS.iter().map(|r| format!("\"{r}\"")).collect::<Vec<_>>().join(", ")
        ),
    ));
    // Sessions: five-day weeks spread over the years, never over a DST change week.
    let mut sessions = String::from("format = 1\n");
    let mut days = Vec::new();
    for i in 0..shape.sessions {
        let start = chrono::NaiveDate::from_ymd_opt(2020, 1, 6).unwrap()
            + chrono::Days::new(7 * (i as u64 * 3 % 520));
        let start = if matches!(start.format("%m").to_string().as_str(), "03" | "10") {
            start + chrono::Days::new(35)
        } else {
            start
        };
        let end = start + chrono::Days::new(4);
        days.push(start);
        let _ = write!(
            sessions,
            "\n[[session]]\nid = \"s{i}\"\nbody = \"{}\"\ntitle = \"Generated session {i}\"\nkind = \"regular\"\nvenue = \"vic\"\nstart = {start}\nend = {end}\nregistration_deadline = {}\nstatus = \"confirmed\"\n",
            BODIES[i % BODIES.len()],
            start - chrono::Days::new(21)
        );
    }
    out.push(("sessions.toml".to_string(), sessions));
    let mut sections = String::from("format = 1\n");
    for s in 0..shape.sections {
        let _ = write!(
            sections,
            "\n[[section]]\nid = \"sec{s}\"\nname = \"Section {s}\"\ncountry = \"IT\"\ntimezone = \"{}\"\n",
            ZONES[s % ZONES.len()]
        );
    }
    for p in 0..shape.people {
        let _ = write!(
            sections,
            "\n[[person]]\nid = \"p{p}\"\nname = \"Given{p} Family{p}\"\nsection = \"sec{}\"\nemail = \"p{p}@example.org\"\nlanguages = [\"en\"]\n",
            p % shape.sections.max(1)
        );
    }
    out.push(("sections.toml".to_string(), sections));
    let per_plan = shape.meetings / shape.sessions.max(1);
    for (i, start) in days.iter().enumerate() {
        out.push((
            format!("plan/s{i}.toml"),
            plan(&mut rng, i, *start, per_plan, &shape),
        ));
    }
    out
}

fn plan(
    rng: &mut Rng,
    i: usize,
    start: chrono::NaiveDate,
    meetings: usize,
    shape: &Shape,
) -> String {
    let people = shape.people;
    let mut s = format!("format = 1\nsession = \"s{i}\"\n");
    let delegates: Vec<usize> = (0..10)
        .map(|k| (i * 37 + k * 101) % people.max(1))
        .collect();
    for (k, p) in delegates.iter().enumerate() {
        let role = if k == 0 { "head" } else { "delegate" };
        let _ = write!(
            s,
            "\n[[delegate]]\nperson = \"p{p}\"\nrole = \"{role}\"\narrive = {}\ndepart = {}\nregistered = {}\n",
            start - chrono::Days::new(1),
            start + chrono::Days::new(4),
            k % 3 != 0
        );
    }
    // Each delegate has a day of back-to-back slots; some meetings add a colleague or
    // book a room, which makes the occasional clash, as in real plans.
    // Where each delegate's last meeting began: a dense plan books over it.
    let mut last: Vec<Option<chrono::NaiveDateTime>> = vec![None; delegates.len()];
    for m in 0..meetings {
        let owner = m % delegates.len();
        let k = m / delegates.len();
        let day = start + chrono::Days::new((k % 5) as u64);
        let minute = 7 * 60 + (k / 5 % 12) * 70 + rng.below(2) * 5;
        let length = 15 * (1 + rng.below(4));
        let slot = day.and_hms_opt(0, 0, 0).unwrap() + chrono::Duration::minutes(minute as i64);
        let over = shape.clash_density > 0.0
            && (rng.below(1_000_000) as f64) < shape.clash_density * 1_000_000.0;
        let begin = match last[owner] {
            Some(previous) if over => previous + chrono::Duration::minutes(5),
            _ => slot,
        };
        last[owner] = Some(begin);
        let end = begin + chrono::Duration::minutes(length as i64);
        let a = delegates[owner];
        let attendees = if shape.attendees > 0 {
            (0..shape.attendees.min(delegates.len()))
                .map(|j| format!("\"p{}\"", delegates[(owner + j) % delegates.len()]))
                .collect::<Vec<_>>()
                .join(", ")
        } else if rng.below(8) == 0 {
            format!(
                "\"p{a}\", \"p{}\"",
                delegates[(owner + 1 + rng.below(9)) % delegates.len()]
            )
        } else {
            format!("\"p{a}\"")
        };
        let room = if rng.below(10) == 0 {
            format!("room = \"{}\"\n", ROOMS[rng.below(ROOMS.len())])
        } else {
            String::new()
        };
        let status = ["proposed", "confirmed", "confirmed", "cancelled"][rng.below(4)];
        let _ = write!(
            s,
            "\n[[meeting]]\nid = \"m{i}-{m}\"\ntitle = \"Meeting {m} of session {i}\"\nwith = \"Organization {}\"\nkind = \"bilateral\"\n{room}start = {}\nend = {}\nattendees = [{attendees}]\nstatus = \"{status}\"\n",
            rng.below(500),
            begin.format("%Y-%m-%dT%H:%M:%S"),
            end.format("%Y-%m-%dT%H:%M:%S")
        );
    }
    for p in &delegates {
        let _ = write!(
            s,
            "\n[[travel]]\nperson = \"p{p}\"\nmode = \"flight\"\nfrom = \"Home\"\nto = \"Vienna VIE\"\ndepart = {}T08:00:00+01:00\narrive = {}T10:00:00+01:00\n\n[[stay]]\nperson = \"p{p}\"\nname = \"Hotel {p}\"\ncheck_in = {}\ncheck_out = {}\n",
            start - chrono::Days::new(1),
            start - chrono::Days::new(1),
            start - chrono::Days::new(1),
            start + chrono::Days::new(4)
        );
    }
    s
}

/// Write the database into `dir`.
pub fn write(dir: &Path, shape: Shape) -> io::Result<()> {
    fs::create_dir_all(dir.join("plan"))?;
    for (path, text) in files(shape) {
        fs::write(dir.join(path), text)?;
    }
    Ok(())
}
