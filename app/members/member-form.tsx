import { Form, Link, useNavigation } from '@remix-run/react';
import { Button, buttonClass } from '~/components/ui/button';
import { CheckboxGroup } from '~/components/ui/checkbox-group';
import { ErrorList, Field } from '~/components/ui/field';
import { EMAIL_MAX, INSTAGRAM_MAX, MEMBER_NAME_MAX, TIKTOK_MAX } from './schemas';

export interface MemberFormValues {
  name: string;
  email: string;
  instagram: string | null;
  tiktok: string | null;
  projectIds: string[];
}

/** The create and edit form of a member; the action answers with `fieldErrors`. */
export function MemberForm({
  defaults,
  projects,
  errors,
  submitLabel,
  cancelTo,
}: {
  defaults?: Partial<MemberFormValues>;
  projects: { id: string; name: string }[];
  errors?: Record<string, string[]>;
  submitLabel: string;
  cancelTo: string;
}) {
  const submitting = useNavigation().state === 'submitting';
  return (
    <Form method="post" className="max-w-xl space-y-5" noValidate>
      <ErrorList errors={errors?.form} />
      <Field
        label="Name"
        name="name"
        required
        maxLength={MEMBER_NAME_MAX}
        defaultValue={defaults?.name}
        autoComplete="off"
        errors={errors?.name}
      />
      <Field
        label="Email"
        name="email"
        type="email"
        required
        maxLength={EMAIL_MAX}
        defaultValue={defaults?.email}
        autoComplete="off"
        hint="Their tracking links and dashboard sign-in links are sent here."
        errors={errors?.email}
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <Field
          label="Instagram username"
          name="instagram"
          maxLength={INSTAGRAM_MAX + 1}
          defaultValue={defaults?.instagram ?? ''}
          placeholder="@username"
          autoCapitalize="none"
          autoComplete="off"
          hint="Optional."
          errors={errors?.instagram}
        />
        <Field
          label="TikTok username"
          name="tiktok"
          maxLength={TIKTOK_MAX + 1}
          defaultValue={defaults?.tiktok ?? ''}
          placeholder="@username"
          autoCapitalize="none"
          autoComplete="off"
          hint="Optional."
          errors={errors?.tiktok}
        />
      </div>
      <CheckboxGroup
        legend="Projects"
        name="projectIds"
        options={projects.map((p) => ({ value: p.id, label: p.name }))}
        selected={defaults?.projectIds ?? []}
        errors={projectErrors(errors)}
        empty={
          <>
            No projects yet.{' '}
            <Link to="/brand/projects" className="font-medium text-brand-700 underline">
              Create a project
            </Link>{' '}
            to group members.
          </>
        }
      />
      <div className="flex flex-wrap gap-2">
        <Button disabled={submitting}>{submitting ? 'Saving…' : submitLabel}</Button>
        <Link to={cancelTo} className={buttonClass('secondary')}>
          Cancel
        </Link>
      </div>
    </Form>
  );
}

/** The submitted values, to refill the form after an error. */
export function submittedValues(formData: FormData): MemberFormValues {
  const text = (name: string) => {
    const v = formData.get(name);
    return typeof v === 'string' ? v : '';
  };
  return {
    name: text('name'),
    email: text('email'),
    instagram: text('instagram'),
    tiktok: text('tiktok'),
    projectIds: formData.getAll('projectIds').filter((v): v is string => typeof v === 'string'),
  };
}

/** Errors about the project list, whether about the list or one of its entries. */
function projectErrors(errors?: Record<string, string[]>) {
  if (!errors) return undefined;
  const list = Object.entries(errors)
    .filter(([key]) => key === 'projectIds' || key.startsWith('projectIds.'))
    .flatMap(([, messages]) => messages);
  return list.length ? [...new Set(list)] : undefined;
}
