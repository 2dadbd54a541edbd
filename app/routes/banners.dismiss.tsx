/** POST: hide a need-to-know banner (or an urgent one that is not must-read) for this person. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { dismissBanner } from "~/commands/acknowledge.server";
import { itemActionRedirectHome, runItemAction } from "~/utils/item-action.server";

export const loader = ({ request }: LoaderFunctionArgs) => itemActionRedirectHome(request);

export const action = ({ request }: ActionFunctionArgs) =>
  runItemAction(request, (user, itemId) => dismissBanner(user, itemId), { missing: "Choose the notice to hide." });
