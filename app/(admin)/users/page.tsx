import { Card } from "@/components/card";
import { Timestamp } from "@/components/timestamp";
import { requireRole } from "@/lib/auth/session";
import { BREAK_GLASS_USER_ID, listUsers } from "@/lib/auth/users";
import { UserRow } from "./_components/user-row";

export const dynamic = "force-dynamic";

/** Who may sign in, with which role; admins change roles and remove users here. */
export default async function UsersPage() {
  const signedIn = await requireRole("admin");
  const users = await listUsers();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Users</h1>
      <Card description="A user appears here after their first single sign-on. A new role or a removal applies from the user's next request. Viewers see streams, Health and the Source status; editors also change streams; admins do everything.">
        <table className="min-w-full divide-y divide-gray-200 text-sm dark:divide-gray-800">
          <thead className="text-left text-xs font-medium uppercase tracking-wide text-gray-600 dark:text-gray-400">
            <tr>
              <th className="py-2 pr-4">User</th>
              <th className="py-2 pr-4">Role</th>
              <th className="py-2 pr-4">Last sign-in</th>
              <th className="py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100 dark:divide-gray-800">
            {users.map((user) => (
              <UserRow
                key={user.id}
                user={{
                  id: user.id,
                  label: user.email ?? user.name ?? user.subject,
                  detail: user.id === BREAK_GLASS_USER_ID ? "break-glass password account" : user.issuer,
                  role: user.role,
                  isRemoved: user.removedAt !== null,
                }}
                isLocked={user.id === BREAK_GLASS_USER_ID || user.id === signedIn.id}
                lastSignIn={user.lastSignInAt ? <Timestamp at={user.lastSignInAt} /> : "never"}
              />
            ))}
          </tbody>
        </table>
      </Card>
    </div>
  );
}
