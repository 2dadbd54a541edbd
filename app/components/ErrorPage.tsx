import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Link } from "~/components/Link";

const MESSAGES: Record<number, { title: string; body: string }> = {
  400: { title: "There is a problem with that request", body: "Something in the address or the form was not right." },
  403: { title: "You cannot do that", body: "You do not have permission to do that." },
  404: { title: "Page not found", body: "If you typed the web address, check it is correct. The page may have moved or been archived." },
  405: { title: "That is not allowed here", body: "This page does not accept that kind of request." },
  413: { title: "That was too big", body: "What you sent was larger than we accept." },
  429: { title: "Too many attempts", body: "Wait a few minutes, then try again." },
};

/** The friendly page for any thrown response or error. Never shows a stack trace. */
export function ErrorPage() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const known = MESSAGES[status];
  const detail = isRouteErrorResponse(error) && typeof error.data === "string" && error.data.length < 300 ? error.data : null;
  return (
    <div className="error-page">
      <h1>{known?.title ?? "Sorry, there is a problem with the intranet"}</h1>
      <p>{detail && status !== 500 ? detail : known?.body ?? "Try again later. If it keeps happening, contact the ICT service desk."}</p>
      {status === 404 && detail && detail !== known?.body ? <p>{known?.body}</p> : null}
      {status === 404 ? (
        <>
          <p>You could:</p>
          <ul>
            <li>
              <Link to="/search">search the intranet</Link>
            </li>
            <li>
              look in <Link to="/announcements">news</Link>, <Link to="/policies">policies</Link> or{" "}
              <Link to="/guides">guides</Link>
            </li>
          </ul>
        </>
      ) : null}
      <p className="muted">Error code: {status}</p>
      <p>
        <Link to="/">Go to the intranet home page</Link>
      </p>
    </div>
  );
}
