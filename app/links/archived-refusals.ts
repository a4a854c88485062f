// Shared by the link writers (server) and the pages that hide their forms (client).

/** Why an archived offer's page shows no Add members or deep-link builder, and what to do. */
export const ARCHIVED_OFFER_NOTE = 'Restore the offer to add members or links.';
/** The refusal of a new link on an archived offer (Add members, the brand's deep-link builder). */
export const archivedOfferMessage = `This offer is archived: it gets no new links. ${ARCHIVED_OFFER_NOTE}`;
/** The refusal of a new link for an archived member. */
export const archivedMemberMessage =
  'This member is archived: they get no new links. Restore the member first.';
