/**
 * Auth0's log stream filter categories (Auth0 docs: "Log Stream Filters",
 * https://auth0.com/docs/customize/log-streams/event-filters; source auth0/docs-v2
 * main/docs/customize/log-streams/event-filters.mdx as of 2026-08). Codes not listed fall under `other`.
 *
 * `name` is the Management API filter name (`filters: [{ type: "category", name }]`), `label` the
 * filter's name on the page/dashboard, `group` the page's section heading, `codes` the event type
 * codes the page lists for the filter, in the page's order. No code appears in two categories.
 *
 * Notes against the page:
 * - "Management API - Failure" is listed as a filter but the page gives it no code table. It gets
 *   `fapi` ("Failed API Operation", Auth0's code for a failed Management API call) so that the
 *   filter a user ticks for Management API failures matches them.
 * - SCIM Events and Other Events sit under the page's "Other" heading.
 * - `auth.ancillary.fail` / `auth.ancillary.success` appear in older SDK enums (node-auth0 v4,
 *   Auth0.NET) but not on this page nor in the current Management API spec / auth0@7 enum, which
 *   lists exactly the 20 names below.
 */
export const FILTER_CATEGORIES = [
  // Actions event filters
  { name: "actions", label: "Action Execution - Failure", group: "Actions", codes: ["actions_execution_failed"] },

  // Authentication event filters
  {
    name: "auth.login.fail",
    label: "Login - Failure",
    group: "Authentication",
    codes: ["f", "fc", "fco", "fcoa", "fens", "fp", "fu"],
  },
  { name: "auth.login.notification", label: "Login - Notification", group: "Authentication", codes: ["w"] },
  { name: "auth.login.success", label: "Login - Success", group: "Authentication", codes: ["s", "scoa", "sens"] },
  {
    name: "auth.logout.fail",
    label: "Logout - Failure",
    group: "Authentication",
    codes: ["flo", "oidc_backchannel_logout_failed"],
  },
  {
    name: "auth.logout.success",
    label: "Logout - Success",
    group: "Authentication",
    codes: ["oidc_backchannel_logout_succeeded", "slo"],
  },
  { name: "auth.signup.fail", label: "Signup - Failure", group: "Authentication", codes: ["fs"] },
  { name: "auth.signup.success", label: "Signup - Success", group: "Authentication", codes: ["ss"] },
  { name: "auth.silent_auth.fail", label: "Silent Authentication - Failure", group: "Authentication", codes: ["fsa"] },
  {
    name: "auth.silent_auth.success",
    label: "Silent Authentication - Success",
    group: "Authentication",
    codes: ["ssa"],
  },
  {
    name: "auth.token_exchange.fail",
    label: "Token Exchange - Failure",
    group: "Authentication",
    codes: ["feacft", "feccft", "fede", "feoobft", "feotpft", "fepft", "fepotpft", "fercft", "ferrt", "fertft"],
  },
  {
    name: "auth.token_exchange.success",
    label: "Token Exchange - Success",
    group: "Authentication",
    codes: ["seacft", "seccft", "sede", "seoobft", "seotpft", "sepft", "sercft", "sertft"],
  },

  // Management API event filters (the page lists no codes for the Failure filter: see above)
  { name: "management.fail", label: "Management API - Failure", group: "Management API", codes: ["fapi"] },
  {
    name: "management.success",
    label: "Management API - Success",
    group: "Management API",
    codes: ["sapi", "mgmt_api_read"],
  },

  // System event filters
  {
    name: "system.notification",
    label: "System - Notification",
    group: "System",
    codes: [
      "admin_update_launch",
      "api_limit",
      "coff",
      "con",
      "depnote",
      "fcpro",
      "fui",
      "limit_delegation",
      "limit_mu",
      "limit_wc",
      "sys_os_update_start",
      "sys_os_update_end",
      "sys_update_start",
      "sys_update_end",
    ],
  },

  // User/Behavioral event filters
  {
    name: "user.fail",
    label: "User/Behavioral - Failure",
    group: "User/Behavioral",
    codes: ["fce", "fcp", "fcpn", "fcpr", "fcu", "fd", "fdeaz", "fdecc", "fdu", "fn", "fv", "fvr", "ss_sso_failure"],
  },
  {
    name: "user.notification",
    label: "User/Behavioral - Notification",
    group: "User/Behavioral",
    codes: [
      "cs",
      "gd_enrollment_complete",
      "gd_start_enroll",
      "gd_unenroll",
      "gd_update_device_account",
      "ss_sso_info",
      "ublkdu",
    ],
  },
  {
    name: "user.success",
    label: "User/Behavioral - Success",
    group: "User/Behavioral",
    codes: ["sce", "scp", "scpn", "scpr", "scu", "sdu", "srrt", "ss_sso_success", "sui", "sv", "svr"],
  },

  // Other
  { name: "scim.event", label: "SCIM Events", group: "Other", codes: ["sscim", "fscim"] },
  // "This category contains unclassified events": every code no category above lists.
  { name: "other", label: "Other Events", group: "Other", codes: [] },
] as const satisfies readonly FilterCategory[];

export type FilterCategory = { name: string; label: string; group: string; codes: readonly string[] };

export type FilterCategoryName = (typeof FILTER_CATEGORIES)[number]["name"];

export const FILTER_CATEGORY_NAMES = FILTER_CATEGORIES.map((c) => c.name) as [
  FilterCategoryName,
  ...FilterCategoryName[],
];

/** Event type code → category name, built once. */
const CATEGORY_BY_CODE: ReadonlyMap<string, FilterCategoryName> = (() => {
  const byCode = new Map<string, FilterCategoryName>();
  for (const category of FILTER_CATEGORIES) {
    for (const code of category.codes) {
      // Keep the first category listing a code (none is listed twice on the page today).
      if (!byCode.has(code)) byCode.set(code, category.name);
    }
  }
  return byCode;
})();

/** Returns the category name an Auth0 event type code belongs to ("other" when no category lists it). */
export function categoryOfEventType(code: string): FilterCategoryName {
  return CATEGORY_BY_CODE.get(code) ?? "other";
}
