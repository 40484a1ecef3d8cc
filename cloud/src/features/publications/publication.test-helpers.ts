import type { OrgKind, Role } from '@alliance-hub/types';
import { signIn } from '../../test/factories';
import type { TestApp } from '../../test/test-app';
import { OrganizationModel } from '../organizations/organization.model';
import { orgSearchFields } from '../directory/search-tokens';
import { PersonModel } from '../people/person.model';
import { UserModel } from '../users/user.model';

export type Rep = Awaited<ReturnType<typeof signIn>> & { orgId: string; personId: string };

let counter = 0;

/** An organization, a person in it with contact fields, and a signed-in user of the given role linked to both. */
export async function representative(
  t: TestApp,
  options: { role?: Role; orgName?: string; aliases?: string[]; kind?: OrgKind; person?: string } = {},
): Promise<Rep> {
  const name = options.orgName ?? `测试新材料有限公司${++counter}${Date.now().toString(36)}`;
  const aliases = options.aliases ?? [];
  const org =
    (await OrganizationModel.findOne({ name }).lean()) ??
    (
      await OrganizationModel.create({
        name,
        aliases,
        kind: options.kind ?? 'enterprise',
        region: { province: '黑龙江省', city: '哈尔滨市' },
        allianceRole: 'member',
        ...orgSearchFields({ name, aliases }),
      })
    ).toObject();
  const person = await PersonModel.create({
    name: options.person ?? `联系人${++counter}`,
    title: '技术总监',
    orgId: org._id,
    contacts: { mobile: `139${String(10000000 + counter).slice(-8)}`, email: `p${counter}@example.com` },
  });
  const signed = await signIn(t, options.role ?? 'member');
  await UserModel.updateOne({ _id: signed.user.id }, { $set: { orgId: org._id, personId: person._id } });
  return { ...signed, orgId: org._id.toHexString(), personId: person._id.toHexString() };
}
