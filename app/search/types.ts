/** A piece of result text; `mark` when it is a word the search matched. Shared by server and page. */
export type Segment = { text: string; mark?: true };
