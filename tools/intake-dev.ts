// npm run intake:dev — a local stand-in for Datadog's log intake that prints what arrives.
import { parseArgs } from "node:util";
import { startIntakeServer } from "@/standins/intake-server";

const { values } = parseArgs({
  options: { port: { type: "string", default: "9999" }, quiet: { type: "boolean", default: false } },
});

const intake = await startIntakeServer({
  port: Number(values.port),
  onRequest: (request, items) => {
    const time = new Date(request.at).toISOString().slice(11, 23);
    console.log(`${time}  ${request.site}  ${request.status}  ${items.length} events`);
    if (values.quiet) return;
    for (const item of items.slice(0, 5))
      console.log(`    ${String(item.data.type ?? "").padEnd(14)} ${item.log_id}  ${item.message}`);
    if (items.length > 5) console.log(`    … and ${items.length - 5} more`);
  },
});

console.log(`Datadog intake stand-in listening on ${intake.baseUrl}`);
console.log(
  `Start the app with:  DATADOG_INTAKE_URL_TEMPLATE='${intake.urlTemplate}' DATADOG_API_URL_TEMPLATE='${intake.apiUrlTemplate}' npm start`,
);
console.log(
  `Make it fail for one API key:  curl -X POST '${intake.baseUrl}/__intake/fault?apiKey=KEY' -d '{"status":503}'`,
);
