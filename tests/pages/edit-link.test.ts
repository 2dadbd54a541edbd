import { describe, expect, it } from "vitest";
import { loader as guideLoader } from "~/routes/guides.$slug";
import { createDepartment, createItem, createUser, requestAs } from "../factories";

describe("edit link on reading pages", () => {
  it("is offered to a champion of the guide's department and comms, not to staff or other champions", async () => {
    const housing = await createDepartment();
    const planning = await createDepartment();
    const guide = await createItem({ type: "guide", departmentId: housing.id, ownerEmail: "o@x.test" });
    const cases = [
      [await createUser({ role: "champion", departmentId: housing.id }), `/editor/${guide.id}`],
      [await createUser({ role: "comms", departmentId: planning.id }), `/editor/${guide.id}`],
      [await createUser({ role: "staff", departmentId: housing.id }), null],
      [await createUser({ role: "champion", departmentId: planning.id }), null],
    ] as const;
    for (const [user, expected] of cases) {
      const res = await guideLoader({ request: await requestAs(user.id, `/guides/${guide.slug}`), params: { slug: guide.slug }, context: {} });
      expect((await res.json()).editHref, user.role).toBe(expected);
    }
  });
});
