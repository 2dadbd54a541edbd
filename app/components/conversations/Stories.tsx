/** Staff stories (issue 23, decision 172): the writing form, the first-time panel, lists and the byline. */
import { Form } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Checkbox, CsrfField, HintAndError, SelectField, TextArea, TextField } from "~/components/FormFields";
import { DateText } from "~/components/DateText";

export type StoryValues = { channel: string; title: string; summary: string; body: string; photoAlt: string };
export type StoryEntry = { id: number; title: string; channelName: string; statusLabel: string; status: string; updatedAt: string; href: string; writerName?: string };

/** The short "how to write a good story" panel a first-time writer sees. */
export function StoryGuide({ open }: { open: boolean }) {
  return (
    <details className="inset story-guide" open={open}>
      <summary>How to write a good story</summary>
      <ul>
        <li>Start with what happened and why it matters to colleagues, in the first sentence.</li>
        <li>Write as you would tell it: short sentences, everyday words, no jargon or acronyms.</li>
        <li>Name the people and teams involved, and check they are happy to be named.</li>
        <li>One good photo beats several: people doing the work, with their agreement.</li>
        <li>Aim for 150 to 400 words. End with where to find out more or who to ask.</li>
      </ul>
      <p>An editor of the channel reads it before it is published. They may send it back with suggestions: you make the changes, never them.</p>
    </details>
  );
}

export function StoryForm({
  csrfToken, channels, values, errors, hasPhoto, submitLabel = "Send to the editors",
}: {
  csrfToken: string; channels: { value: string; label: string }[]; values: StoryValues; errors: Record<string, string | undefined>; hasPhoto: boolean; submitLabel?: string;
}) {
  return (
    <Form method="post" encType="multipart/form-data" className="story-form">
      <CsrfField token={csrfToken} />
      <SelectField name="channel" label="Channel" hint="Where your story will appear. Its editors read it first." defaultValue={values.channel} error={errors.channel}
        options={[{ value: "", label: "Choose a channel" }, ...channels]} />
      <TextField name="title" label="Title" hint="Say what happened, in a few words." defaultValue={values.title} error={errors.title} maxLength={120} />
      <TextArea name="summary" label="Summary (optional)" hint="One or two sentences shown in lists." defaultValue={values.summary} error={errors.summary} maxLength={300} rows={2} />
      <TextArea name="body" label="Your story" hint="Plain text. Leave a blank line between paragraphs; **bold**, lists with “- ” and links work." defaultValue={values.body} error={errors.body} maxLength={10000} rows={12} />
      <fieldset className="form-group">
        <legend>Photo (optional)</legend>
        <div className={`form-group${errors.photo ? " form-group--error" : ""}`}>
          <label htmlFor="photo">{hasPhoto ? "Choose a different photo" : "Choose a photo"}</label>
          <HintAndError id="photo" hint="One JPEG, PNG or WebP smaller than 4 MB. We remove location and camera details." error={errors.photo} />
          <input id="photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" aria-describedby={errors.photo ? "photo-hint photo-error" : "photo-hint"} aria-invalid={errors.photo ? true : undefined} />
        </div>
        <TextField name="photoAlt" label="Describe the photo" hint="For people who cannot see it, for example “Three gardeners planting trees in Riverside Park”." defaultValue={values.photoAlt} error={errors.photoAlt} maxLength={250} />
        <div className={errors.photoConsent ? "form-group--error" : undefined}>
          <HintAndError id="photoConsent" error={errors.photoConsent} />
          <Checkbox name="photoConsent" label="Everyone who can be recognised in the photo agreed to it being shared on the intranet" />
        </div>
        {hasPhoto ? <Checkbox name="removePhoto" label="Remove the photo" /> : null}
      </fieldset>
      <div className="button-group">
        <button type="submit" name="intent" value="submit" className="button">
          {submitLabel}
        </button>
        <button type="submit" name="intent" value="save" className="button button--secondary">
          Save as a draft
        </button>
      </div>
    </Form>
  );
}

export function StoryList({ stories, showWriter = false, empty }: { stories: StoryEntry[]; showWriter?: boolean; empty: string }) {
  if (stories.length === 0) return <p>{empty}</p>;
  return (
    <ul className="story-list">
      {stories.map((s) => (
        <li key={s.id}>
          <Link to={s.href}>{s.title}</Link> <strong className="tag">{s.statusLabel}</strong>
          <br />
          <span className="muted">
            {showWriter && s.writerName ? `By ${s.writerName} · ` : ""}
            {s.channelName} · <DateText value={s.updatedAt} />
          </span>
        </li>
      ))}
    </ul>
  );
}

/** On a published story: who wrote it, and its photo. */
export function StoryByline({ story }: { story: { writerName: string; writerDepartmentName: string | null; photo: { src: string; alt: string } | null } | null }) {
  if (!story) return null;
  return (
    <>
      <p className="story-byline">
        A staff story by <strong>{story.writerName}</strong>
        {story.writerDepartmentName ? `, ${story.writerDepartmentName}` : ""}
      </p>
      {story.photo ? (
        <figure className="story-photo">
          <img src={story.photo.src} alt={story.photo.alt} />
        </figure>
      ) : null}
    </>
  );
}
