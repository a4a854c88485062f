import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { Button } from '~/components/ui/button';
import { CheckboxField } from '~/components/ui/checkbox';
import { Field } from '~/components/ui/field';
import { requireCreatorBrand } from '~/creators/creator-auth.server';
import { payoutSettingsSchema } from '~/creators/payout-settings';
import { getPayoutSettings, savePayoutSettings } from '~/creators/payout-settings.server';
import { parseForm } from '~/forms/parse-form';
import { badRequest } from '~/http.server';

export const meta: MetaFunction = () => [{ title: 'Settings · Offerlink' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { member, brand, email } = await requireCreatorBrand(request, params.brandId);
  return {
    brand: { name: brand.name },
    signedInAs: email,
    settings: await getPayoutSettings(member.id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { member } = await requireCreatorBrand(request, params.brandId);
  const form = await request.formData();
  const parsed = parseForm(payoutSettingsSchema, form);
  if (!parsed.ok) {
    return badRequest({
      ok: false as const,
      fieldErrors: parsed.fieldErrors,
      typed: String(form.get('payoutEmail') ?? '').slice(0, 1000),
    });
  }
  await savePayoutSettings(member.id, parsed.data);
  return { ok: true as const };
}

/**
 * A creator's settings with one brand: the PayPal email that brand pays to, the "you were paid"
 * email, and signing out. Each brand keeps its own member record, so each has its own settings.
 */
export default function CreatorSettings() {
  const { brand, signedInAs, settings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData && !actionData.ok ? actionData.fieldErrors : undefined;
  return (
    <div className="max-w-xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Settings</h1>
        <p className="mt-1 text-sm text-slate-600">How {brand.name} pays you.</p>
      </div>
      {actionData?.ok ? (
        <p
          role="status"
          className="rounded-md bg-green-50 px-4 py-3 text-sm text-green-800 ring-1 ring-green-600/20"
        >
          Payout settings saved.
        </p>
      ) : null}
      <Form method="post" className="space-y-5" noValidate>
        <Field
          label="Payout email"
          name="payoutEmail"
          type="email"
          inputMode="email"
          autoComplete="email"
          maxLength={254}
          defaultValue={
            actionData && !actionData.ok ? actionData.typed : (settings.payoutEmail ?? '')
          }
          hint={`The email address of your PayPal account. ${brand.name} sends your payouts there; leave it empty if you are paid another way.`}
          errors={errors?.payoutEmail}
        />
        <CheckboxField
          label="Email me when a payment is made"
          name="notifyPaid"
          defaultChecked={settings.notifyPaid}
        />
        <Button type="submit" className="w-full sm:w-auto">
          Save settings
        </Button>
      </Form>
      <section className="border-t border-slate-200 pt-6" aria-labelledby="account">
        <h2 id="account" className="text-lg font-semibold">
          Account
        </h2>
        <p className="mt-1 text-sm break-all text-slate-600">Signed in as {signedInAs}.</p>
        <Form method="post" action="/creator/sign-out" className="mt-3">
          <Button variant="secondary" className="w-full sm:w-auto">
            Sign out
          </Button>
        </Form>
      </section>
    </div>
  );
}
