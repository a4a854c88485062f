import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { Button } from '~/components/ui/button';
import { CheckboxField } from '~/components/ui/checkbox';
import { Field } from '~/components/ui/field';
import { requireCreator } from '~/creators/creator-auth.server';
import { payoutSettingsSchema } from '~/creators/payout-settings';
import { getPayoutSettings, savePayoutSettings } from '~/creators/payout-settings.server';
import { parseForm } from '~/forms/parse-form';
import { badRequest } from '~/http.server';

export const meta: MetaFunction = () => [{ title: 'Settings · Offerlink' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { member, brand } = await requireCreator(request);
  return { brand: { name: brand.name }, settings: await getPayoutSettings(member.id) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { member } = await requireCreator(request);
  const parsed = parseForm(payoutSettingsSchema, await request.formData());
  if (!parsed.ok) return badRequest({ ok: false as const, fieldErrors: parsed.fieldErrors });
  await savePayoutSettings(member.id, parsed.data);
  return { ok: true as const };
}

/** A creator's settings: the PayPal email their payouts go to, and the "you were paid" email. */
export default function CreatorSettings() {
  const { brand, settings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData && !actionData.ok ? actionData.fieldErrors : undefined;
  return (
    <main className="mx-auto max-w-xl px-4 py-8">
      <p className="text-sm">
        <Link to="/creator" className="text-brand-700 hover:underline">
          ← My links
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold tracking-tight">Settings</h1>
      <p className="mt-1 text-sm text-slate-600">How {brand.name} pays you.</p>
      {actionData?.ok ? (
        <p
          role="status"
          className="mt-4 rounded-md bg-green-50 px-4 py-3 text-sm text-green-800 ring-1 ring-green-600/20"
        >
          Payout settings saved.
        </p>
      ) : null}
      <Form method="post" className="mt-6 space-y-5" noValidate>
        <Field
          label="Payout email"
          name="payoutEmail"
          type="email"
          maxLength={254}
          defaultValue={settings.payoutEmail ?? ''}
          hint={`The email address of your PayPal account. ${brand.name} sends your payouts there; leave it empty if you are paid another way.`}
          errors={errors?.payoutEmail}
        />
        <CheckboxField
          label="Email me when a payment is made"
          name="notifyPaid"
          defaultChecked={settings.notifyPaid}
        />
        <Button type="submit">Save settings</Button>
      </Form>
    </main>
  );
}
