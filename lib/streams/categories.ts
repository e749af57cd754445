/**
 * Auth0's log stream filter categories, as on Auth0's "Log Stream Filters" page
 * (customize/log-streams/event-filters): API name, dashboard label, group and the event type
 * codes in each. Codes no category lists fall under `other`.
 */
export type FilterCategory = { name: string; label: string; group: string; codes: readonly string[] };

export const FILTER_CATEGORIES = [
  { name: "actions", label: "Action Execution - Failure", group: "Actions", codes: ["actions_execution_failed"] },
  { name: "auth.login.fail", label: "Login - Failure", group: "Authentication", codes: ["f", "fc", "fco", "fcoa", "fens", "fp", "fu"] },
  { name: "auth.login.notification", label: "Login - Notification", group: "Authentication", codes: ["w"] },
  { name: "auth.login.success", label: "Login - Success", group: "Authentication", codes: ["s", "scoa", "sens"] },
  { name: "auth.logout.fail", label: "Logout - Failure", group: "Authentication", codes: ["flo", "oidc_backchannel_logout_failed"] },
  { name: "auth.logout.success", label: "Logout - Success", group: "Authentication", codes: ["oidc_backchannel_logout_succeeded", "slo"] },
  { name: "auth.signup.fail", label: "Signup - Failure", group: "Authentication", codes: ["fs"] },
  { name: "auth.signup.success", label: "Signup - Success", group: "Authentication", codes: ["ss"] },
  { name: "auth.silent_auth.fail", label: "Silent Authentication - Failure", group: "Authentication", codes: ["fsa"] },
  { name: "auth.silent_auth.success", label: "Silent Authentication - Success", group: "Authentication", codes: ["ssa"] },
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
  // The page lists no codes for Management API - Failure; `fapi` is Auth0's "Failed Management API operation".
  { name: "management.fail", label: "Management API - Failure", group: "Management API", codes: ["fapi"] },
  { name: "management.success", label: "Management API - Success", group: "Management API", codes: ["sapi", "mgmt_api_read"] },
  {
    name: "system.notification",
    label: "System - Notification",
    group: "System",
    codes: [
      "admin_update_launch", "api_limit", "coff", "con", "depnote", "fcpro", "fui", "limit_delegation", "limit_mu", "limit_wc",
      "sys_os_update_start", "sys_os_update_end", "sys_update_start", "sys_update_end",
    ],
  },
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
    codes: ["cs", "gd_enrollment_complete", "gd_start_enroll", "gd_unenroll", "gd_update_device_account", "ss_sso_info", "ublkdu"],
  },
  {
    name: "user.success",
    label: "User/Behavioral - Success",
    group: "User/Behavioral",
    codes: ["sce", "scp", "scpn", "scpr", "scu", "sdu", "srrt", "ss_sso_success", "sui", "sv", "svr"],
  },
  { name: "scim.event", label: "SCIM Events", group: "Other", codes: ["sscim", "fscim"] },
  { name: "other", label: "Other Events", group: "Other", codes: [] },
] as const satisfies readonly FilterCategory[];

export type FilterCategoryName = (typeof FILTER_CATEGORIES)[number]["name"];

export const FILTER_CATEGORY_NAMES = FILTER_CATEGORIES.map((c) => c.name) as [FilterCategoryName, ...FilterCategoryName[]];

const CATEGORY_BY_CODE = new Map<string, FilterCategoryName>(
  FILTER_CATEGORIES.flatMap((category) => category.codes.map((code) => [code, category.name] as const)),
);

/** The category an Auth0 event type code belongs to (`other` when no category lists it). */
export function categoryOfEventType(code: string): FilterCategoryName {
  return CATEGORY_BY_CODE.get(code) ?? "other";
}
