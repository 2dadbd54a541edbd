/**
 * CSV of everyone asked to confirm one must-read item, in the departments the viewer is
 * responsible for, with when they confirmed online and when they were briefed in person. Cells that a spreadsheet could run as a
 * formula (= + - @ tab CR) are neutralised; counts stay numbers.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { listPeopleInScope } from "~/models/acknowledgement.server";
import { loadCompletionItem } from "~/utils/acknowledgement-access.server";
import { csvResponse, type CsvValue } from "~/utils/csv.server";
import { assertCan } from "~/access/permissions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, departments, db, item, mustRead } = await loadCompletionItem(request, params.itemId);
  assertCan(user, "export", "acknowledgements");
  const people = await listPeopleInScope(db, item.id, departments);
  async function* rows(): AsyncIterable<CsvValue[]> {
    for (const p of people)
      yield [
        p.departmentName, p.name, p.hasEmail ? p.email : "none (remind in person)", p.jobTitle,
        p.confirmedAt && p.briefedOn ? "Confirmed and briefed in person" : p.confirmedAt ? "Confirmed" : p.briefedOn ? "Briefed in person" : "Not yet confirmed",
        p.confirmedAt ?? "", p.briefedOn ?? "",
        item.type === "policy" ? mustRead.requiredVersion : "",
      ];
  }
  return csvResponse(
    `read-and-confirmed-${item.slug}.csv`,
    ["Department", "Name", "Email", "Job title", "Status", "Confirmed online at (UTC)", "Briefed in person on", "Policy version"],
    rows(),
  );
}
