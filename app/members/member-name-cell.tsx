import { Link } from '@remix-run/react';
import { Td } from '~/components/ui/table';

/** A member's name (linking to their page) and email, the first cell of member lists. */
export function MemberNameCell({
  member,
}: {
  member: { id: string; name: string; email: string };
}) {
  return (
    <Td>
      <Link
        to={`/brand/members/${member.id}`}
        className="font-medium text-brand-700 hover:underline"
      >
        {member.name}
      </Link>
      <div className="break-all text-slate-600">{member.email}</div>
    </Td>
  );
}
