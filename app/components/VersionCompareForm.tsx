/** Pick two versions of a policy to compare. A plain GET form, so it works without JavaScript. */
export function VersionCompareForm({ action, versions, from, to }: { action: string; versions: number[]; from: number; to: number }) {
  return (
    <form method="get" action={action} className="filters" aria-label="Compare versions">
      <div>
        <label htmlFor="compare-from">Compare version</label>
        <select id="compare-from" name="from" defaultValue={String(from)}>
          {versions.map((v) => (
            <option key={v} value={v}>
              Version {v}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="compare-to">with version</label>
        <select id="compare-to" name="to" defaultValue={String(to)}>
          {versions.map((v) => (
            <option key={v} value={v}>
              Version {v}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button">
        Show changes
      </button>
    </form>
  );
}
