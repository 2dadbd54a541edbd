/** The longest correction notice, in characters (the form shows it too, so not in a `.server` module). */
export const CORRECTION_MAX = 300;
