/**
 * Decision 100: models write one portable SQL (SQLite's spelling, `?` placeholders); on
 * PostgreSQL each statement passes once through `toPostgres` (cached by the driver), and each
 * migration file through `migrationToPostgres`. A small tokenizer, not a parser: string
 * literals, quoted names and comments are set aside first, so only SQL text is rewritten.
 */

export type Translated = {
  text: string;
  /** Parameter names in `$n` order when the statement used `$name`/`:name`/`@name`; null for `?`. */
  names: string[] | null;
  /** INSERT target table, when the statement is an INSERT (for `RETURNING id` and id sequences). */
  insertInto: string | null;
  /** The INSERT lists an explicit `id` column. */
  explicitId: boolean;
  hasReturning: boolean;
};

const MARK = "\u0001";

/** Replaces literals, quoted names and comments by markers; `restore` puts them back. */
function mask(sql: string): { code: string; literals: string[] } {
  const literals: string[] = [];
  let code = "";
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"' || c === "`") {
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) break;
        if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      let lit = sql.slice(i, j + 1);
      if (c === "`") lit = `"${lit.slice(1, -1)}"`;
      code += `${MARK}${literals.length}${MARK}`;
      literals.push(lit);
      i = j + 1;
    } else if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      i = end === -1 ? sql.length : end;
      code += " ";
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end === -1 ? sql.length : end + 2;
      code += " ";
    } else {
      code += c;
      i++;
    }
  }
  return { code, literals };
}

function restore(code: string, literals: string[]): string {
  return code.replace(new RegExp(`${MARK}(\\d+)${MARK}`, "g"), (_, n: string) => literals[Number(n)]);
}

/** The index of the `)` closing the `(` at `open`. */
function closingParen(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i] === "(") depth++;
    else if (code[i] === ")" && --depth === 0) return i;
  }
  return -1;
}

function splitArgs(inner: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      args.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  args.push(inner.slice(start));
  return args.map((a) => a.trim());
}

/** Rewrites calls of functions matching `name` (case-insensitive) through `rewrite(args)`; innermost last. */
function rewriteCalls(code: string, name: RegExp, rewrite: (fn: string, args: string[]) => string | null): string {
  const re = new RegExp(`(?<![\\w.$])(${name.source})\\s*\\(`, "gi");
  let out = "";
  let last = 0;
  for (let m = re.exec(code); m; m = re.exec(code)) {
    const open = m.index + m[0].length - 1;
    const close = closingParen(code, open);
    if (close === -1) break;
    const inner = rewriteCalls(code.slice(open + 1, close), name, rewrite);
    const replaced = rewrite(m[1], splitArgs(inner));
    out += code.slice(last, m.index) + (replaced ?? `${m[1]}(${inner})`);
    last = close + 1;
    re.lastIndex = close + 1;
  }
  return out + code.slice(last);
}

/** ISO-8601 UTC text with milliseconds, as `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')` gives on SQLite. */
export const PG_NOW_ISO = `to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const ISO_NOW_FORMAT = /^'%Y-%m-%dT%H:%M:%fZ'$/;

/** Rewrites that apply to queries and to migrations alike (on masked code). */
function commonRewrites(code: string, literals: string[]): string {
  const lit = (s: string) => {
    const m = new RegExp(`^${MARK}(\\d+)${MARK}$`).exec(s.trim());
    return m ? literals[Number(m[1])] : null;
  };
  code = rewriteCalls(code, /strftime|group_concat|ifnull|max|min|char/, (fn, args) => {
    switch (fn.toLowerCase()) {
      case "strftime":
        if (args.length === 2 && ISO_NOW_FORMAT.test(lit(args[0]) ?? "") && lit(args[1]) === "'now'") {
          const at = (text: string) => `${MARK}${literals.push(text) - 1}${MARK}`;
          return `to_char(now() AT TIME ZONE ${at("'UTC'")}, ${at(`'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`)})`;
        }
        throw new Error(`strftime(${args.join(", ")}) has no PostgreSQL translation: compute the date in JavaScript (decision 100)`);
      case "group_concat":
        return `string_agg(CAST(${args[0]} AS TEXT), ${args[1] ?? "','"})`;
      case "ifnull":
        return `COALESCE(${args.join(", ")})`;
      case "max":
        return args.length > 1 ? `GREATEST(${args.join(", ")})` : null;
      case "min":
        return args.length > 1 ? `LEAST(${args.join(", ")})` : null;
      case "char":
        return args.length === 1 ? `chr(${args[0]})` : null;
    }
    return null;
  });
  // SQLite's `a IS b` / `a IS NOT b` compare like `=` but treat NULLs as equal.
  code = code.replace(/\bIS\s+NOT\s+(?!NULL\b|DISTINCT\b|TRUE\b|FALSE\b)/gi, "IS DISTINCT FROM ");
  code = code.replace(/\bIS\s+(?!NOT\b|NULL\b|DISTINCT\b|TRUE\b|FALSE\b)/gi, "IS NOT DISTINCT FROM ");
  return code;
}

/** A statement written for SQLite, as PostgreSQL runs it. */
export function toPostgres(sql: string): Translated {
  const { code: masked, literals } = mask(sql);
  let code = commonRewrites(masked, literals);

  // Catalogue questions: SQLite's PRAGMA functions exist as functions on PostgreSQL (db-postgres).
  code = code.replace(/^\s*PRAGMA\s+(table_info|foreign_key_list)\s*\(\s*(\S+?)\s*\)\s*;?\s*$/i, (_, fn: string, arg: string) => {
    const m = new RegExp(`^${MARK}(\\d+)${MARK}$`).exec(arg);
    const name = m ? literals[Number(m[1])].slice(1, -1) : arg;
    return `SELECT * FROM pragma_${fn.toLowerCase()}(${MARK}${literals.push(`'${name.replace(/'/g, "''")}'`) - 1}${MARK})`;
  });

  let ignore = false;
  code = code.replace(/\bINSERT\s+OR\s+IGNORE\s+INTO\b/i, () => {
    ignore = true;
    return "INSERT INTO";
  });
  if (/\b(INSERT\s+OR\s+REPLACE|REPLACE\s+INTO)\b/i.test(code)) {
    throw new Error("INSERT OR REPLACE has no PostgreSQL translation: use INSERT … ON CONFLICT (…) DO UPDATE (decision 100)");
  }
  // SQLite's LIKE ignores ASCII case; so does ILIKE under the "C" collation (also over NOCASE columns).
  code = code.replace(/\b(NOT\s+)?LIKE\b/gi, (_, not?: string) => ` COLLATE "C" ${not ? "NOT " : ""}ILIKE`);
  code = code.replace(/\bLIMIT\s+-1\b/gi, "LIMIT ALL");
  // SQLite reads `JOIN t [alias]` with no ON/USING as a cross join; PostgreSQL wants it said.
  const KW = "ON|USING|WHERE|JOIN|LEFT|RIGHT|INNER|CROSS|FULL|NATURAL|GROUP|ORDER|LIMIT|HAVING|UNION|WINDOW";
  code = code.replace(
    new RegExp(`(?<!\\b(?:LEFT|RIGHT|FULL|OUTER|CROSS|NATURAL)\\s+)\\b(?:INNER\\s+)?JOIN(\\s+[A-Za-z_]\\w*(?:\\s+(?:AS\\s+)?(?!(?:${KW})\\b)[A-Za-z_]\\w*)?)(?=\\s*(?:(?:WHERE|JOIN|LEFT|INNER|CROSS|GROUP|ORDER|LIMIT)\\b|[),]|$))`, "gi"),
    "CROSS JOIN$1",
  );

  // Placeholders: `?`, `?NNN`, `$name`, `:name`, `@name` → `$n`; an untyped `? IS [NOT] NULL` gets a type.
  const names: string[] = [];
  let positional = 0;
  let named = false;
  code = code.replace(/\?(\d+)?|(?<![:\w])[:@$]([A-Za-z_]\w*)/g, (whole, num: string | undefined, name: string | undefined, offset: number) => {
    let n: number;
    if (name !== undefined) {
      named = true;
      const at = names.indexOf(name);
      n = at === -1 ? names.push(name) : at + 1;
    } else if (num !== undefined) {
      n = Number(num);
    } else {
      n = ++positional;
    }
    const rest = code.slice(offset + whole.length);
    return /^\s+IS\s+(NOT\s+)?NULL\b/i.test(rest) ? `CAST($${n} AS TEXT)` : `$${n}`;
  });

  // Mixed-case names are aliases (tables and columns are snake_case): quote them so PostgreSQL
  // keeps their case, as SQLite does.
  code = code.replace(/(?<![\w$\u0001])([A-Za-z_]\w*)/g, (id: string) => (/[a-z]/.test(id) && /[A-Z]/.test(id) ? `"${id}"` : id));

  const insert = /^\s*INSERT\s+INTO\s+([A-Za-z_]\w*)\s*(\(([^)]*)\))?/i.exec(code);
  const hasReturning = /\bRETURNING\b/i.test(code);
  if (ignore) {
    const ret = /\s+RETURNING\b/i.exec(code);
    const trimmed = code.replace(/[\s;]+$/, "");
    code = ret ? `${code.slice(0, ret.index)} ON CONFLICT DO NOTHING${code.slice(ret.index)}` : `${trimmed} ON CONFLICT DO NOTHING`;
  }
  return {
    text: restore(code, literals),
    names: named ? names : null,
    insertInto: insert ? insert[1].toLowerCase() : null,
    explicitId: insert?.[3] ? insert[3].split(",").some((c) => c.trim().toLowerCase() === "id") : false,
    hasReturning,
  };
}

const FK_TAIL = String.raw`\s*(\([^)]*\))?((?:\s+ON\s+(?:DELETE|UPDATE)\s+(?:CASCADE|SET\s+NULL|SET\s+DEFAULT|RESTRICT|NO\s+ACTION))*)(\s+(?:NOT\s+)?DEFERRABLE(?:\s+INITIALLY\s+(?:DEFERRED|IMMEDIATE))?)?`;

/**
 * SQLite lets a table refer to one created later in the same file; PostgreSQL does not. Such
 * references become `ALTER TABLE … ADD FOREIGN KEY` at the end of the file.
 */
function deferForwardReferences(code: string): string {
  const created = [...code.matchAll(/\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)\s*\(/gi)].map((m) => ({ name: m[1].toLowerCase(), at: m.index }));
  const later = (from: number, table: string) => created.some((c) => c.name === table.toLowerCase() && c.at > from);
  const deferred: string[] = [];
  let out = "";
  let last = 0;
  for (const c of created) {
    const open = code.indexOf("(", c.at);
    const close = closingParen(code, open);
    if (close === -1) continue;
    const parts = splitArgs(code.slice(open + 1, close)).map((part) => {
      const table = new RegExp(String.raw`^FOREIGN\s+KEY\s*\(([^)]*)\)\s*REFERENCES\s+(\w+)${FK_TAIL}$`, "i").exec(part);
      if (table && later(c.at, table[2])) {
        deferred.push(`ALTER TABLE ${c.name} ADD FOREIGN KEY (${table[1]}) REFERENCES ${table[2]}${table[3] ?? ""}${table[4] ?? ""}${table[5] ?? ""};`);
        return null;
      }
      const col = new RegExp(String.raw`^(\w+)\b([\s\S]*?)\s+REFERENCES\s+(\w+)${FK_TAIL}([\s\S]*)$`, "i").exec(part);
      if (col && later(c.at, col[3])) {
        deferred.push(`ALTER TABLE ${c.name} ADD FOREIGN KEY (${col[1]}) REFERENCES ${col[3]}${col[4] ?? ""}${col[5] ?? ""}${col[6] ?? ""};`);
        return `${col[1]}${col[2]}${col[7]}`;
      }
      return part;
    });
    out += code.slice(last, open + 1) + parts.filter((p) => p !== null).join(",\n  ") + ")";
    last = close + 1;
  }
  out += code.slice(last);
  return deferred.length ? `${out}\n${deferred.join("\n")}\n` : out;
}

/** A SQLite trigger body statement as PL/pgSQL. */
function triggerStatement(stmt: string): string {
  const raise = /^SELECT\s+RAISE\s*\(\s*(?:ABORT|FAIL|ROLLBACK)\s*,\s*(\u0001\d+\u0001)\s*\)\s*(?:WHERE\s+([\s\S]+))?$/i.exec(stmt.trim());
  if (raise) {
    const r = `RAISE EXCEPTION ${raise[1]}`;
    return raise[2] ? `IF ${raise[2]} THEN ${r}; END IF` : r;
  }
  if (/^SELECT\b/i.test(stmt.trim())) return stmt.trim().replace(/^SELECT/i, "PERFORM");
  return stmt.trim();
}

/**
 * A migration file written for SQLite, as PostgreSQL runs it: types, identity columns, ISO
 * timestamp defaults, `WITHOUT ROWID`, PRAGMAs, and triggers as PL/pgSQL trigger functions.
 */
export function migrationToPostgres(sql: string): string {
  const { code: masked, literals } = mask(sql);
  let code = commonRewrites(masked, literals);

  code = deferForwardReferences(code);
  code = code.replace(/\bPRAGMA\b[^;]*;/gi, "");
  code = code.replace(/\)\s*WITHOUT\s+ROWID/gi, ")");
  code = code.replace(/\bINTEGER\s+PRIMARY\s+KEY(\s+AUTOINCREMENT)?\b/gi, "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
  code = code.replace(/\bAUTOINCREMENT\b/gi, "");
  code = code.replace(/\bINTEGER\b/gi, "BIGINT");
  code = code.replace(/\bREAL\b/gi, "DOUBLE PRECISION");
  code = code.replace(/\bBLOB\b/gi, "BYTEA");
  code = code.replace(/\bDROP\s+TABLE\s+(IF\s+EXISTS\s+)?(\w+)\s*;/gi, (_, ie: string | undefined, t: string) => `DROP TABLE ${ie ?? ""}${t} CASCADE;`);
  code = code.replace(/\bINSERT\s+OR\s+IGNORE\s+INTO\b([^;]*);/gi, (_, rest: string) => `INSERT INTO${rest} ON CONFLICT DO NOTHING;`);
  code = code.replace(/\bDROP\s+TRIGGER\s+(?:IF\s+EXISTS\s+)?(\w+)\s*;/gi, (_, name: string) =>
    `DO $drop$ DECLARE r record; BEGIN FOR r IN SELECT tgrelid::regclass AS t FROM pg_trigger WHERE tgname = '${name.toLowerCase()}' LOOP EXECUTE format('DROP TRIGGER %I ON %s', '${name.toLowerCase()}', r.t); END LOOP; END $drop$;`,
  );

  code = code.replace(
    /\bCREATE\s+TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)\s+(BEFORE|AFTER|INSTEAD\s+OF)\s+(INSERT|DELETE|UPDATE(?:\s+OF\s+[\w\s,]+?)?)\s+ON\s+(\w+)\s+(?:FOR\s+EACH\s+ROW\s+)?(?:WHEN\s+([\s\S]+?)\s+)?BEGIN\b([\s\S]*?)\bEND\s*;/gi,
    (_, name: string, timing: string, event: string, table: string, when: string | undefined, body: string) => {
      const statements = body
        .split(";")
        .map((s) => s.trim())
        .filter(Boolean)
        .map((s) => `  ${triggerStatement(s)};`)
        .join("\n");
      const before = /^BEFORE$/i.test(timing);
      const result = before ? (/^DELETE$/i.test(event) ? "OLD" : "NEW") : "NULL";
      const fn = `${name}_fn`;
      return (
        `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $fn$\nBEGIN\n${statements}\n  RETURN ${result};\nEND\n$fn$;\n` +
        `CREATE TRIGGER ${name} ${timing.toUpperCase()} ${event} ON ${table} FOR EACH ROW${when ? ` WHEN (${when})` : ""} EXECUTE FUNCTION ${fn}();`
      );
    },
  );
  return restore(code, literals);
}
