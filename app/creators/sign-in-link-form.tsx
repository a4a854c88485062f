import { Form, useNavigation } from '@remix-run/react';
import { Button } from '~/components/ui/button';
import { ErrorList, Field } from '~/components/ui/field';

/**
 * "Email me a sign-in link": posts to /creator/sign-in, which answers the same whether or not the
 * address belongs to a creator. Used on the sign-in page and on the page of a spent link.
 */
export function SignInLinkForm({
  defaultEmail,
  errors,
}: {
  defaultEmail?: string;
  errors?: Record<string, string[]>;
}) {
  const navigation = useNavigation();
  const submitting =
    navigation.state === 'submitting' && navigation.formAction === '/creator/sign-in';
  return (
    <Form method="post" action="/creator/sign-in" className="space-y-4 text-left" noValidate>
      <ErrorList errors={errors?.form} />
      <Field
        label="Your email address"
        name="email"
        type="email"
        autoComplete="email"
        inputMode="email"
        required
        maxLength={254}
        defaultValue={defaultEmail}
        errors={errors?.email}
        hint="The address the brand emails you at."
      />
      <Button className="w-full" disabled={submitting}>
        {submitting ? 'Sending…' : 'Email me a sign-in link'}
      </Button>
    </Form>
  );
}
