/** POST "I have read and understood this" for a must-read announcement or a material policy version. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { acknowledgeItem } from "~/commands/acknowledge.server";
import { itemActionRedirectHome, runItemAction } from "~/utils/item-action.server";

export const loader = ({ request }: LoaderFunctionArgs) => itemActionRedirectHome(request);

export const action = ({ request }: ActionFunctionArgs) =>
  runItemAction(request, (user, itemId) => acknowledgeItem(user, itemId), { missing: "Choose what you are confirming.", anchor: "#acknowledge" });
