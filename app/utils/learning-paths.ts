/** Learning path constants pages render in the browser too (no `.server` module may hold what pages render). */
export const STEP_TASKS = ["confirm", "publish-guide", "guide-reviewed"] as const;
export type StepTaskName = (typeof STEP_TASKS)[number];
export const TASK_LABELS: Record<StepTaskName, string> = {
  confirm: "Do it, then tick it off yourself",
  "publish-guide": "Publish a first guide (ticked off when a guide you wrote goes live)",
  "guide-reviewed": "Have a guide reviewed (ticked off when someone else approves a guide you wrote)",
};
export const PATH_STATE_LABELS = { "not-started": "Not started", "in-progress": "In progress", complete: "Complete" } as const;
