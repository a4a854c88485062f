import { z } from 'zod';
import { COMMON_PASSWORDS } from './common-passwords';

/** Shared by the sign-in/sign-up forms (client constraints) and their actions (server checks). */
export const emailField = z
  .string({ error: 'Enter your email address.' })
  .trim()
  .min(1, 'Enter your email address.')
  .max(254, 'An email address is at most 254 characters.')
  .pipe(z.email('Enter a valid email address, like name@example.com.'))
  .transform((email) => email.toLowerCase());

export const PASSWORD_MIN = 10;
/** How long a password reset link works. */
export const PASSWORD_RESET_MINUTES = 60;
/** How long the link confirming a new email address works. */
export const EMAIL_CHANGE_HOURS = 24;
export const PASSWORD_MAX = 128;

/**
 * A password someone chooses (sign-up, invitation, reset, change): 10 to 128 characters and not
 * one of the most common passwords, each refusal saying so.
 */
export const newPasswordField = z
  .string({ error: 'Choose a password.' })
  .min(1, 'Choose a password.')
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `A password is at most ${PASSWORD_MAX} characters.`)
  .refine(
    (password) => !COMMON_PASSWORDS.has(password.toLowerCase()),
    'This password is one of the most common ones, and guessed first: choose another.',
  );

export const personName = z
  .string({ error: 'Enter your name.' })
  .trim()
  .min(1, 'Enter your name.')
  .max(120, 'A name is at most 120 characters.');

export const signInSchema = z.object({
  email: emailField,
  password: z
    .string({ error: 'Enter your password.' })
    .min(1, 'Enter your password.')
    .max(PASSWORD_MAX, `A password is at most ${PASSWORD_MAX} characters.`),
  redirectTo: z.string().optional(),
});

export const signUpSchema = z.object({
  brandName: z
    .string({ error: 'Enter your brand name.' })
    .trim()
    .min(1, 'Enter your brand name.')
    .max(120, 'A brand name is at most 120 characters.'),
  name: personName,
  email: emailField,
  password: newPasswordField,
});

/** Only same-site paths are accepted as a post-sign-in destination (no open redirect). */
export function safeRedirect(to: string | null | undefined, fallback = '/brand'): string {
  if (!to || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback;
  return to;
}

export const forgotPasswordSchema = z.object({ email: emailField });

/** A new password, typed twice. */
export const newPasswordSchema = z
  .object({
    password: newPasswordField,
    confirmPassword: z.string({ error: 'Type the new password again.' }).max(PASSWORD_MAX),
  })
  .refine((v) => v.password === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The two passwords are not the same.',
  });

const currentPassword = z
  .string({ error: 'Enter your current password.' })
  .min(1, 'Enter your current password.')
  .max(PASSWORD_MAX, `A password is at most ${PASSWORD_MAX} characters.`);

/** The Account page's forms (shared by the page and its action). */
export const accountFormSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('name'), name: personName }),
    z
      .object({
        intent: z.literal('password'),
        currentPassword,
        password: newPasswordField,
        confirmPassword: z.string({ error: 'Type the new password again.' }).max(PASSWORD_MAX),
      })
      .refine((v) => v.password === v.confirmPassword, {
        path: ['confirmPassword'],
        message: 'The two passwords are not the same.',
      }),
    z.object({ intent: z.literal('email'), currentPassword, newEmail: emailField }),
    z.object({ intent: z.literal('sign-out-session'), handle: z.string().max(64) }),
    z.object({ intent: z.literal('sign-out-others') }),
    z.object({ intent: z.literal('totp-start') }),
    z.object({
      intent: z.literal('totp-confirm'),
      code: z
        .string({ error: 'Enter the 6-digit code from your app.' })
        .trim()
        .regex(/^\d{6}$/, 'Enter the 6-digit code from your app.'),
    }),
    z.object({
      intent: z.literal('totp-disable'),
      password: currentPassword,
      code: z
        .string({ error: 'Enter a code from your app, or a recovery code.' })
        .trim()
        .min(1, 'Enter a code from your app, or a recovery code.')
        .max(64),
    }),
  ],
  { error: 'Unknown action.' },
);
