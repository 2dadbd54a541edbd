import { Link } from "~/components/Link";

/** "Edit this guide" for people who may edit the item; nothing for everyone else. */
export function EditLink({ href, noun }: { href: string | null; noun: string }) {
  if (!href) return null;
  return (
    <p className="edit-link no-print">
      <Link to={href}>
        Edit this {noun}
      </Link>
    </p>
  );
}
