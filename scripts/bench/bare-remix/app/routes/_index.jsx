import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

export const meta = () => [{ title: "Bare page" }];

// A page with a loader and a short list: what the least a Remix page costs looks like.
export async function loader() {
  return json({ items: Array.from({ length: 5 }, (_, i) => ({ href: `/item-${i}`, title: `Item ${i}` })) });
}

export default function Index() {
  const { items } = useLoaderData();
  return (
    <main>
      <h1>Bare page</h1>
      <ul>
        {items.map((i) => (
          <li key={i.href}>
            <Link to={i.href}>{i.title}</Link>
          </li>
        ))}
      </ul>
    </main>
  );
}
