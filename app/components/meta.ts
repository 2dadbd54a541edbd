/** The <title> of a page: "Page – Riverside intranet". */
export function pageTitle(title: string | undefined | null): { title: string }[] {
  return [{ title: title ? `${title} – Riverside intranet` : "Riverside intranet" }];
}
