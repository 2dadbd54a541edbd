/**
 * What `npm run bench:http` serves: a copy of the demo council (content/) with
 *   - `people` extra signed-in people across every department and role (people.yml), and
 *   - `pages` extra guides made of real sections of the demo council's pages, rearranged
 *     under new titles (real words, headings, lists and tables; a few for one department
 *     or some roles only),
 * and the 40 searches both the intranet and the bare lunr index answer. Deterministic, so
 * every run measures the same corpus.
 */
import fs from "node:fs";
import path from "node:path";

let seed = 20261207;
const rand = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const between = (a: number, b: number) => a + Math.floor(rand() * (b - a + 1));
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];

export const DEPARTMENTS = [
  "adult-social-care", "childrens-services", "housing", "planning", "waste-street-scene",
  "finance", "hr-od", "legal-democratic", "customer-services", "ict",
] as const;
/** Staff mostly, as in a council; every role is represented in every run. */
const ROLE_CYCLE = ["staff", "staff", "champion", "staff", "manager", "staff", "comms", "staff", "admin", "staff"] as const;

/** The same 40 searches against the search page and the bare index. */
export const QUERIES = [
  "leave", "annual leave", "mileage", "sickness absence", "bin collection", "council tax", "safeguarding", "expenses",
  "laptop", "password", "parking", "overtime", "lone working", "data protection", "training", "flexible working",
  "maternity", "pension", "phishing", "complaints", "recycling", "planning application", "fire", "first aid",
  "interpreter", "accessible documents", "holiday", "payroll", "car park", "homeless", "repairs", "budget",
  "audit", "foster", "contract", "procurement", "wellbeing", "freedom of information", "building control", "mental health",
] as const;

const TOPICS = [
  "Booking", "Claiming", "Reporting", "Requesting", "Recording", "Checking", "Arranging", "Changing", "Cancelling", "Approving",
];
const THINGS = [
  "annual leave", "mileage and travel", "a sickness absence", "overtime", "a laptop or phone", "a password reset", "a parking permit",
  "an interpreter", "first aid cover", "a fire drill", "a data breach", "a complaint", "a purchase order", "a contract variation",
  "flexible working", "a home visit", "a lone working check-in", "a bin collection problem", "a council tax refund", "a repair",
  "training", "a budget change", "a freedom of information request", "a planning site visit", "a safeguarding concern",
];

type Section = { heading: string; text: string };

function sectionsOf(dir: string): Section[] {
  const out: Section[] = [];
  for (const sub of ["announcements", "guides", "policies"]) {
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith(".md")) {
          const body = fs.readFileSync(p, "utf8").replace(/^---[\s\S]*?\n---\n/, "");
          for (const part of body.split(/^## /m).slice(1)) {
            const [heading, ...rest] = part.split("\n");
            // Links to other demo pages would be checked by the import; keep the words only.
            const text = rest.join("\n").replace(/\[([^\]]+)\]\([^)]*\)/g, "$1").trim();
            if (heading.trim() && text.length > 80) out.push({ heading: heading.trim(), text });
          }
        }
      }
    };
    walk(path.join(dir, sub));
  }
  return out;
}

export type BenchPerson = { email: string; name: string; department: string; role: string };

/**
 * Copies `source` (content/) to `target` and adds the people and pages. Returns the people
 * (all share the demo password) and how many pages were added.
 */
export function writeBenchContent(source: string, target: string, counts: { people: number; pages: number }): { people: BenchPerson[]; pages: number } {
  fs.cpSync(source, target, { recursive: true });
  const people: BenchPerson[] = Array.from({ length: counts.people }, (_, i) => ({
    email: `bench.person${String(i + 1).padStart(3, "0")}@riverside.gov.uk`,
    name: `Bench Person ${i + 1}`,
    department: DEPARTMENTS[i % DEPARTMENTS.length],
    role: ROLE_CYCLE[Math.floor(i / DEPARTMENTS.length + i) % ROLE_CYCLE.length],
  }));
  fs.appendFileSync(
    path.join(target, "people.yml"),
    `\n# Added by npm run bench:http\n${people.map((p) => `- email: ${p.email}\n  name: ${p.name}\n  department: ${p.department}\n  role: ${p.role}\n  job_title: Officer\n`).join("")}`,
  );
  const sections = sectionsOf(source);
  const day = 86_400_000;
  const now = Date.UTC(2026, 11, 1);
  const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
  for (let i = 0; i < counts.pages; i++) {
    const title = `${pick(TOPICS)} ${pick(THINGS)} (${i + 1})`;
    const department = pick(DEPARTMENTS);
    // The owner must be able to open the page: someone of that department in a role the narrowest audience admits.
    const owner = people.find((p) => p.department === department && p.role !== "staff");
    const roll = owner ? rand() : 0;
    const audience =
      roll < 0.85 ? "audience: everyone" : roll < 0.95 ? `audience:\n  departments: [${department}]` : "audience:\n  roles: [manager, champion, comms, admin]";
    const reviewed = now - between(10, 500) * day;
    const body = Array.from({ length: between(3, 7) }, () => {
      const s = pick(sections);
      return `## ${s.heading}\n\n${s.text}`;
    }).join("\n\n");
    fs.writeFileSync(
      path.join(target, "guides", `bench-guide-${String(i + 1).padStart(3, "0")}.md`),
      `---\ntitle: ${JSON.stringify(title)}\nsummary: ${JSON.stringify(`What to do about ${title.toLowerCase()}, step by step.`)}\ndepartment: ${department}\ntags: [${pick(THINGS).replace(/^an? /, "")}]\nowner: ${owner?.email ?? "champion@riverside.gov.uk"}\nlast_reviewed: ${iso(reviewed)}\nreview_by: ${iso(reviewed + 365 * day)}\n${audience}\npublished: ${iso(reviewed - between(0, 300) * day)}\n---\n\n${body}\n`,
    );
  }
  return { people, pages: counts.pages };
}
