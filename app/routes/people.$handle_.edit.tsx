/**
 * /people/:handle/edit: the person (or an administrator) edits the optional fields and who
 * sees each, the photo, and (administrators only) the manager. Name, job title and
 * department are official: administrators change them on the account page, or directory
 * sync does.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { CsrfField, ErrorSummary, SelectField, TextArea, TextField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { removePhoto, saveOwnProfile, setOfficialManager, uploadPhoto } from "~/commands/people.server";
import { canEditOfficialFields, canEditProfile } from "~/access/people.server";
import { findProfile, listExpertise, listLanguages, listManagerChoices, listTeams } from "~/models/people.server";
import { personPath } from "~/presenters/people.server";
import { COMMON_LANGUAGES, OfficialForm, ProfileForm, VISIBILITY_LABELS } from "~/schemas/people";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { badRequest, notFound } from "~/utils/http.server";
import { MAX_PHOTO_BYTES } from "~/utils/photo.server";
import { fieldErrors, formFields, readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => pageTitle("Edit profile");

const PROFILE_FORM = { maxBytes: MAX_PHOTO_BYTES + 64 * 1024, tooLargeMessage: "The photo must be smaller than 5 MB. Choose a smaller one and try again." };

async function editable(request: Request, handle: string | undefined) {
  const user = await requireUser(request);
  // "/people/me/edit": your own profile's form (links in emails and on /me can say "me").
  if (handle === "me" && request.method === "GET") throw redirect(`/people/${user.id}/edit`);
  const db = await getDb();
  const person = handle && handle.length <= 80 ? await findProfile(db, handle) : undefined;
  if (!person || !canEditProfile(user, person)) throw notFound("We could not find that profile.");
  return { user, db, person };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, db, person } = await editable(request, params.handle);
  const official = canEditOfficialFields(user);
  const [expertise, languages, teams, managers] = await Promise.all([
    listExpertise(db, person.id), listLanguages(db, person.id), listTeams(db), official ? listManagerChoices(db) : Promise.resolve([]),
  ]);
  return json({
    csrfToken: user.csrfToken,
    isMe: user.id === person.id,
    url: personPath(person),
    saved: new URL(request.url).searchParams.get("saved"),
    official: official ? { managerId: person.managerId, managers: managers.filter((m) => m.id !== person.id) } : null,
    person: {
      name: person.name, jobTitle: person.jobTitle, departmentName: person.departmentName, hasPhoto: !!person.hasPhoto,
      values: {
        preferredName: person.preferredName, team: person.teamId ? String(person.teamId) : "", base: person.base, workPhone: person.workPhone,
        mobilePhone: person.mobilePhone, mobileVisibility: person.mobileVisibility, workingPattern: person.workingPattern,
        patternVisibility: person.patternVisibility, pronouns: person.pronouns, pronounsVisibility: person.pronounsVisibility,
        about: person.about, aboutVisibility: person.aboutVisibility, photoVisibility: person.photoVisibility,
        expertise: expertise.join(", "), languages: languages.join(", "),
      },
    },
    teams: teams.map((t) => ({ value: String(t.id), label: t.departmentName ? `${t.name} (${t.departmentName})` : t.name })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, person } = await editable(request, params.handle);
  const form = await readForm(request, PROFILE_FORM);
  assertCsrf(request, form, user.csrfToken);
  const back = `${personPath(person)}/edit`;
  const intent = form.get("intent");
  if (intent === "profile") {
    const parsed = ProfileForm.safeParse(formFields(form));
    if (!parsed.success) return json({ errors: fieldErrors(parsed.error) }, { status: 400 });
    const result = await saveOwnProfile(user, person.id, parsed.data);
    if (!result.ok) return json({ errors: result.errors }, { status: result.status ?? 400 });
    return redirect(personPath(person));
  }
  if (intent === "photo") {
    const file = form.get("photo");
    const bytes = file && typeof file !== "string" ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
    const result = await uploadPhoto(user, person.id, bytes);
    if (!result.ok) return json({ errors: result.errors }, { status: result.status ?? 400 });
    return redirect(`${back}?saved=photo#photo`);
  }
  if (intent === "remove-photo") {
    await removePhoto(user, person.id);
    return redirect(`${back}?saved=photo-removed#photo`);
  }
  if (intent === "official") {
    const parsed = OfficialForm.safeParse(formFields(form));
    if (!parsed.success) return json({ errors: fieldErrors(parsed.error) }, { status: 400 });
    const result = await setOfficialManager(user, person.id, parsed.data.manager);
    if (!result.ok) return json({ errors: result.errors }, { status: result.status ?? 400 });
    return redirect(`${back}?saved=official#official`);
  }
  throw badRequest("We did not understand that request.");
}

const VIS_OPTIONS = (Object.keys(VISIBILITY_LABELS) as (keyof typeof VISIBILITY_LABELS)[]).map((v) => ({ value: v, label: VISIBILITY_LABELS[v] }));

export default function EditProfile() {
  const data = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = posted?.errors ?? {};
  const v = data.person.values;
  const FIELDS = ["preferredName", "team", "base", "workPhone", "mobilePhone", "workingPattern", "pronouns", "about", "expertise", "languages", "photo", "photoVisibility", "manager", "form"];
  return (
    <>
      <Breadcrumbs items={[{ label: "People", to: "/people" }, { label: data.person.name, to: data.url }, { label: "Edit" }]} />
      <h1>{data.isMe ? "Edit your profile" : `Edit ${data.person.name}'s profile`}</h1>
      <ErrorSummary errors={errors} fields={FIELDS} />
      {data.saved ? (
        <p className="notice" role="status">
          {data.saved === "photo" ? "Your new photo is saved." : data.saved === "photo-removed" ? "The photo is removed." : "Saved."}
        </p>
      ) : null}
      <p>
        {data.person.name}
        {data.person.jobTitle ? `, ${data.person.jobTitle}` : ""}
        {data.person.departmentName ? `, ${data.person.departmentName}` : ""}.{" "}
        <span className="hint">Name, job title, department and manager are official: they come from HR and the council&rsquo;s directory.</span>
      </p>

      <Form method="post" noValidate>
        <CsrfField token={data.csrfToken} />
        <input type="hidden" name="intent" value="profile" />
        {/* Who sees the photo is chosen beside the photo, below; this form keeps it as it is. */}
        <input type="hidden" name="photoVisibility" value={v.photoVisibility} />
        <h2>About you</h2>
        <TextField name="preferredName" label="Preferred name (optional)" hint="What colleagues call you, if not your full name" defaultValue={v.preferredName} maxLength={80} error={errors.preferredName} />
        <TextField name="pronouns" label="Pronouns (optional)" hint="For example: she/her, they/them" defaultValue={v.pronouns} maxLength={40} error={errors.pronouns} width="medium" />
        <SelectField name="pronounsVisibility" label="Who can see your pronouns" defaultValue={v.pronounsVisibility} options={VIS_OPTIONS} />
        <TextArea name="about" label="About me (optional)" hint="A sentence or two: what you do, how you like to be contacted" defaultValue={v.about} maxLength={600} error={errors.about} />
        <SelectField name="aboutVisibility" label="Who can see 'About me'" defaultValue={v.aboutVisibility} options={VIS_OPTIONS} />
        <h2>Where and when you work</h2>
        <SelectField name="team" label="Team" defaultValue={v.team} options={[{ value: "", label: "No team chosen" }, ...data.teams]} error={errors.team} />
        <TextField name="base" label="Office or base" hint="For example: Civic Centre, Marsh Lane depot" defaultValue={v.base} maxLength={80} error={errors.base} />
        <TextField name="workingPattern" label="Working pattern (optional)" hint="For example: Mon–Wed, or mornings only" defaultValue={v.workingPattern} maxLength={80} error={errors.workingPattern} />
        <SelectField name="patternVisibility" label="Who can see your working pattern" defaultValue={v.patternVisibility} options={VIS_OPTIONS} />
        <TextField name="workPhone" label="Work phone" type="tel" autoComplete="tel" defaultValue={v.workPhone} maxLength={40} error={errors.workPhone} width="medium" />
        <TextField name="mobilePhone" label="Mobile (optional)" type="tel" defaultValue={v.mobilePhone} maxLength={40} error={errors.mobilePhone} width="medium" />
        <SelectField name="mobileVisibility" label="Who can see your mobile" defaultValue={v.mobileVisibility} options={VIS_OPTIONS} />
        <h2>What people can ask you about</h2>
        <TextField name="expertise" label="Ask me about" hint="Topics separated by commas, for example: council tax, blue badges. Everyone can see these: they are how colleagues find you, in search and on guides." defaultValue={v.expertise} maxLength={600} error={errors.expertise} />
        <TextField name="languages" label="Languages you can help colleagues or residents with" hint={`Separated by commas, for example: ${COMMON_LANGUAGES.slice(0, 3).join(", ")}. Everyone can see these.`} defaultValue={v.languages} maxLength={300} error={errors.languages} />
        <button type="submit" className="button">Save profile</button>
      </Form>

      <h2 id="photo">Photo</h2>
      <Form method="post" encType="multipart/form-data">
        <CsrfField token={data.csrfToken} />
        <input type="hidden" name="intent" value="photo" />
        <div className={`form-group${errors.photo ? " form-group--error" : ""}`}>
          <label htmlFor="photo-file">Choose a photo of your face</label>
          <p className="hint" id="photo-file-hint">JPEG, PNG or WebP, smaller than 5 MB. We crop it to a square and remove location and camera details.</p>
          {errors.photo ? (
            <p className="field-error" id="photo-file-error">
              <span className="visually-hidden">Error:</span> {errors.photo}
            </p>
          ) : null}
          <input id="photo-file" name="photo" type="file" accept="image/jpeg,image/png,image/webp" aria-describedby={`photo-file-hint${errors.photo ? " photo-file-error" : ""}`} />
        </div>
        <button type="submit" className="button button--secondary">Upload photo</button>
      </Form>
      {data.person.hasPhoto ? (
        <Form method="post">
          <CsrfField token={data.csrfToken} />
          <input type="hidden" name="intent" value="remove-photo" />
          <button type="submit" className="button button--secondary">Remove photo</button>
        </Form>
      ) : null}
      <p className="hint">Who can see your photo is set with &ldquo;Who can see your photo&rdquo; below.</p>
      <Form method="post" noValidate>
        <CsrfField token={data.csrfToken} />
        <input type="hidden" name="intent" value="profile" />
        {Object.entries(v).filter(([k]) => k !== "photoVisibility").map(([k, val]) => <input key={k} type="hidden" name={k} value={val} />)}
        <SelectField name="photoVisibility" label="Who can see your photo" defaultValue={v.photoVisibility} options={VIS_OPTIONS} />
        <button type="submit" className="button button--secondary">Save who can see your photo</button>
      </Form>

      {data.official ? (
        <>
          <h2 id="official">Official fields (administrators)</h2>
          <Form method="post" noValidate>
            <CsrfField token={data.csrfToken} />
            <input type="hidden" name="intent" value="official" />
            <SelectField
              name="manager" label="Manager" defaultValue={data.official.managerId ? String(data.official.managerId) : ""} error={errors.manager}
              options={[{ value: "", label: "No manager" }, ...data.official.managers.map((m) => ({ value: String(m.id), label: m.jobTitle ? `${m.name}, ${m.jobTitle}` : m.name }))]}
            />
            <button type="submit" className="button button--secondary">Save manager</button>
          </Form>
        </>
      ) : null}
      <p>
        <Link to={data.url}>Back to the profile</Link>
      </p>
    </>
  );
}
