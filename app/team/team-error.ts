/** A refused team change, with the field it concerns and a sentence for the page. */
export class TeamError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
