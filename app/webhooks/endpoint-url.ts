import { z } from 'zod';

/** An endpoint's URL as the form takes it; the server adds the rules of its environment. */
export const endpointUrlSchema = z
  .string({ error: 'Enter the URL that receives the webhooks.' })
  .trim()
  .min(1, 'Enter the URL that receives the webhooks.')
  .max(2000, 'The URL can be at most 2,000 characters.')
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'Enter a full URL starting with https://, e.g. https://example.com/webhooks/offerlink.')
  .refine((value) => {
    try {
      const url = new URL(value);
      return !url.username && !url.password;
    } catch {
      return true;
    }
  }, 'The URL cannot contain a user name or password.');
