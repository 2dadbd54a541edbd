/**
 * The header search box. Without JavaScript it is a plain GET form to /search. Once the
 * page is interactive it becomes a combobox (ARIA 1.2 pattern): titles of pages the
 * person may open, and glossary terms, are suggested as they type; arrow keys move
 * through them, Enter opens one, Escape closes the list. Enter with no suggestion chosen
 * still submits the form to the results page.
 */
import { useNavigate } from "@remix-run/react";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";

type Option = { label: string; detail: string; url: string };
type SuggestResponse = {
  items?: { title: string; type: "announcement" | "policy" | "guide"; url: string }[];
  terms?: { term: string; standsFor: string; url: string }[];
};

const TYPE_NAMES = { announcement: "News", policy: "Policy", guide: "Guide" } as const;
const LIST_ID = "header-search-suggestions";

function toOptions(data: SuggestResponse): Option[] {
  const terms = (data.terms ?? []).map((t) => ({ label: t.term, detail: `Glossary: ${t.standsFor}`, url: t.url }));
  const items = (data.items ?? []).map((i) => ({ label: i.title, detail: TYPE_NAMES[i.type] ?? "", url: i.url }));
  return [...terms, ...items].filter((o) => typeof o.url === "string" && o.url.startsWith("/"));
}

export function SearchBox() {
  const navigate = useNavigate();
  const input = useRef<HTMLInputElement>(null);
  const pending = useRef<AbortController | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [enhanced, setEnhanced] = useState(false);
  const [options, setOptions] = useState<Option[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);

  useEffect(() => {
    setEnhanced(true);
    return () => {
      pending.current?.abort();
      if (timer.current) clearTimeout(timer.current);
    };
  }, []);

  function close() {
    setOpen(false);
    setActive(-1);
  }

  function lookUp(text: string) {
    if (timer.current) clearTimeout(timer.current);
    pending.current?.abort();
    if (text.trim().length < 2) {
      setOptions([]);
      close();
      return;
    }
    timer.current = setTimeout(async () => {
      const controller = new AbortController();
      pending.current = controller;
      try {
        const res = await fetch(`/search/suggest?q=${encodeURIComponent(text)}`, {
          signal: controller.signal,
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        if (!res.ok || !(res.headers.get("content-type") ?? "").includes("json")) return;
        const found = toOptions((await res.json()) as SuggestResponse);
        if (controller.signal.aborted || input.current?.value !== text) return;
        setOptions(found);
        setActive(-1);
        setOpen(found.length > 0 && document.activeElement === input.current);
      } catch {
        /* offline or aborted: the plain form still works */
      }
    }, 150);
  }

  function go(option: Option) {
    close();
    navigate(option.url);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (options.length === 0) return;
      event.preventDefault();
      setOpen(true);
      // -1 is the text box itself; moving past either end comes back to it.
      const last = options.length - 1;
      if (event.key === "ArrowDown") setActive((a) => (a >= last ? -1 : a + 1));
      else setActive((a) => (a === -1 ? last : a - 1));
    } else if (event.key === "Enter" && open && active >= 0 && options[active]) {
      event.preventDefault();
      go(options[active]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    }
  }

  const comboboxProps = enhanced
    ? {
        role: "combobox" as const,
        "aria-autocomplete": "list" as const,
        "aria-expanded": open,
        "aria-controls": LIST_ID,
        "aria-activedescendant": open && active >= 0 ? `${LIST_ID}-${active}` : undefined,
      }
    : {};

  return (
    <form method="get" action="/search" role="search" className="header-search" onSubmit={close}>
      <label htmlFor="header-search-q" className="visually-hidden">
        Search the intranet
      </label>
      <input
        ref={input}
        id="header-search-q"
        name="q"
        type="search"
        placeholder="Search the intranet"
        autoComplete="off"
        maxLength={200}
        onInput={(e) => lookUp(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        onBlur={close}
        onFocus={() => options.length > 0 && setOpen(true)}
        {...comboboxProps}
      />
      <button type="submit">Search</button>
      {enhanced ? (
        <>
          <ul id={LIST_ID} role="listbox" aria-label="Suggestions" className="search-suggestions" hidden={!open}>
            {options.map((o, i) => (
              <li
                key={`${o.url}-${i}`}
                id={`${LIST_ID}-${i}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? "search-suggestions__active" : undefined}
                onMouseDown={(e) => {
                  e.preventDefault();
                  go(o);
                }}
              >
                <span className="search-suggestions__label">{o.label}</span>
                <span className="search-suggestions__detail">{o.detail}</span>
              </li>
            ))}
          </ul>
          <div className="visually-hidden" role="status" aria-live="polite">
            {open ? `${options.length} ${options.length === 1 ? "suggestion" : "suggestions"}. Use the up and down arrows to choose one.` : ""}
          </div>
        </>
      ) : null}
    </form>
  );
}
