/**
 * EventBridge schedule expressions (`rate(…)`, `cron(…)`), checked as the EventBridge User Guide documents them, so a
 * bad `reconcileSchedule` is a `ConfigError` at synth rather than a failed deployment.
 *
 * Source: Amazon EventBridge User Guide, "Creating an Amazon EventBridge rule that runs on a schedule"
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html; awsdocs/amazon-eventbridge-
 * user-guide `doc_source/eb-create-rule-schedule.md`):
 * - "Rate expressions have two required fields separated by white space": `rate(value unit)`, value "A positive
 *   number", unit "minute | minutes | hour | hours | day | days"; "If the value is equal to 1, then the unit must be
 *   singular. If the value is greater than 1, the unit must be plural."
 * - "Cron expressions have six required fields, which are separated by white space": Minutes 0-59 (`, - * /`), Hours
 *   0-23 (`, - * /`), Day-of-month 1-31 (`, - * ? / L W`), Month 1-12 or JAN-DEC (`, - * /`), Day-of-week 1-7 or
 *   SUN-SAT (`, - * ? L #`), Year 1970-2199 (`, - * /`).
 * - "You can't specify the Day-of-month and Day-of-week fields in the same cron expression. If you specify a value or
 *   a * (asterisk) in one of the fields, you must use a ? (question mark) in the other."
 * - "If you use a '#' character, you can define only one expression in the day-of-week field."
 * The guide shows `L`, `W` and `#` only alone in their field (`L`, `3W`, `6L`, `3#2`), so they are accepted only so;
 * it gives no bound for a `/` increment, so any whole number from 1 is. Fields are separated by one space.
 */

/**
 * Why a schedule expression is not one EventBridge accepts, and how to write it.
 *
 * @example
 * const problem: ScheduleProblem = { problem: "…", fix: 'Write "rate(6 hours)"…' };
 */
export interface ScheduleProblem {
  /** What is wrong, worded to follow the expression: `is not …`, `has …`. */
  readonly problem: string;
  /** How to fix it, with a corrected expression where one can be derived. */
  readonly fix: string;
}

const EXAMPLES = '"rate(6 hours)" or "cron(0 6 * * ? *)" (every day at 06:00 UTC)';
const RATE_UNITS = ["minute", "hour", "day"] as const;
const WHOLE_NUMBER = /^\d+$/;

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names that stand for `min`, `min + 1`, … (JAN-DEC, SUN-SAT). */
  readonly names?: readonly string[];
}

const CRON_FIELDS: readonly CronField[] = [
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
  },
  { name: "day-of-week", min: 1, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
  { name: "year", min: 1970, max: 2199 },
];
const DAY_OF_MONTH = 2;
const DAY_OF_WEEK = 4;

/**
 * Why `expression` is not an EventBridge schedule expression (`rate(value unit)` or a six-field `cron(…)`, as the
 * EventBridge User Guide documents them), or `undefined` when it is one.
 *
 * @example
 * scheduleExpressionProblem("rate(6 hours)"); // undefined
 * scheduleExpressionProblem("rate(6 hour)")?.fix; // 'Write "rate(6 hours)": EventBridge wants …'
 * scheduleExpressionProblem("cron(0 6 * * MON *)")?.fix; // 'Write "cron(0 6 ? * MON *)": …'
 */
export function scheduleExpressionProblem(expression: string): ScheduleProblem | undefined {
  const rate = /^rate\((.*)\)$/s.exec(expression);
  if (rate) return rateProblem(rate[1] ?? "");
  const cron = /^cron\((.*)\)$/s.exec(expression);
  if (cron) return cronProblem(cron[1] ?? "");
  return {
    problem: "is not an EventBridge schedule expression (rate(value unit) or cron(six fields))",
    fix: `Use ${EXAMPLES}.`,
  };
}

function rateProblem(body: string): ScheduleProblem | undefined {
  const fields = body.split(" ");
  const [value, unit] = fields;
  if (fields.length !== 2 || value === undefined || unit === undefined) {
    return {
      problem:
        'is not a rate expression "rate(value unit)": a whole number and a unit separated by one space',
      fix: 'Write e.g. "rate(6 hours)" or "rate(1 day)".',
    };
  }
  const amount = WHOLE_NUMBER.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(amount) || amount < 1) {
    return {
      problem: `has the rate value ${JSON.stringify(value)}, not a whole number of at least 1`,
      fix: `Write a whole number of minutes, hours or days, e.g. "rate(6 hours)".`,
    };
  }
  const base = RATE_UNITS.find((known) => unit === known || unit === `${known}s`);
  const wanted = (known: string): string => (amount === 1 ? known : `${known}s`);
  if (base === undefined) {
    const week = unit === "week" || unit === "weeks";
    return {
      problem: `has the rate unit ${JSON.stringify(unit)}, not one of minute, minutes, hour, hours, day, days`,
      fix: week
        ? `Write it in days: "rate(${amount * 7} days)".`
        : `Write e.g. "rate(${amount} ${wanted("hour")})".`,
    };
  }
  if (unit !== wanted(base)) {
    return {
      problem: `has the unit ${JSON.stringify(unit)} for the value ${amount}, which EventBridge refuses`,
      fix: `Write "rate(${amount} ${wanted(base)})": EventBridge wants minute, hour or day for 1, and minutes, hours or days above 1.`,
    };
  }
  return undefined;
}

function cronProblem(body: string): ScheduleProblem | undefined {
  const fields = body.split(" ");
  if (fields.length !== CRON_FIELDS.length || fields.some((field) => field === "")) {
    return {
      problem: `has ${fields.filter((field) => field !== "").length} cron fields (or more than one space between them); EventBridge's cron has six: minutes hours day-of-month month day-of-week year`,
      fix: `Write six fields separated by one space, e.g. "cron(0 6 * * ? *)" (every day at 06:00 UTC); the year is the sixth.`,
    };
  }
  for (const [index, spec] of CRON_FIELDS.entries()) {
    const field = fields[index] as string;
    const problem = cronFieldProblem(field, spec, index);
    if (problem !== undefined) {
      return {
        problem: `has the ${spec.name} field ${JSON.stringify(field)}, ${problem}`,
        fix: `Write the ${spec.name} field as ${describeField(spec, index)}, e.g. "cron(0 6 * * ? *)".`,
      };
    }
  }
  const dayOfMonth = fields[DAY_OF_MONTH] as string;
  const dayOfWeek = fields[DAY_OF_WEEK] as string;
  if ((dayOfMonth === "?") === (dayOfWeek === "?")) {
    const fixed = [...fields];
    if (dayOfMonth === "?") fixed[DAY_OF_MONTH] = "*";
    else if (dayOfWeek === "*" || dayOfMonth !== "*") fixed[DAY_OF_WEEK] = "?";
    else fixed[DAY_OF_MONTH] = "?";
    return {
      problem:
        dayOfMonth === "?"
          ? 'has "?" in both day-of-month and day-of-week; one of them must say which days'
          : `gives both day-of-month (${JSON.stringify(dayOfMonth)}) and day-of-week (${JSON.stringify(dayOfWeek)}); EventBridge wants "?" in one of them`,
      fix: `Write "cron(${fixed.join(" ")})": "?" in the day field you do not mean.`,
    };
  }
  return undefined;
}

/** The values and wildcards a field takes, for a fix. */
function describeField(spec: CronField, index: number): string {
  const values = `${spec.min}-${spec.max}${spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : ""}`;
  const extra =
    index === DAY_OF_MONTH
      ? ", ?, L or nW"
      : index === DAY_OF_WEEK
        ? ", ?, L, nL or n#k (one expression)"
        : "";
  return `* or values ${values} joined by , - and /${extra}`;
}

/** Why one cron field is not valid for its position, or `undefined`. */
function cronFieldProblem(field: string, spec: CronField, index: number): string | undefined {
  if (field === "*") return undefined;
  if (index === DAY_OF_MONTH || index === DAY_OF_WEEK) {
    if (field === "?" || field === "L") return undefined;
    const weekday = /^(\d+)W$/.exec(field);
    if (index === DAY_OF_MONTH && weekday) return inRange(weekday[1] ?? "", spec);
    const last = /^(\d+)L$/.exec(field);
    if (index === DAY_OF_WEEK && last) return inRange(last[1] ?? "", spec);
    const nth = /^(\d+)#(\d+)$/.exec(field);
    if (index === DAY_OF_WEEK && nth) {
      return (
        inRange(nth[1] ?? "", spec) ?? inRange(nth[2] ?? "", { ...spec, min: 1, max: 5 }, "week of the month")
      );
    }
    if (index === DAY_OF_WEEK && field.includes("W"))
      return 'not valid: "W" (nearest weekday) is a day-of-month wildcard';
    if (index === DAY_OF_MONTH && field.includes("#"))
      return 'not valid: "#" (nth weekday) is a day-of-week wildcard';
    if (field.includes("#")) return 'not one day-of-week expression: with "#" the field holds only "day#n"';
    if (/[?LW]/.test(field)) return `not valid: "?", "L" and "W" stand alone in their field`;
  }
  for (const item of field.split(",")) {
    const problem = itemProblem(item, spec);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** One comma-separated item: `value`, `value-value`, either followed by `/step`, or `*\/step`. */
function itemProblem(item: string, spec: CronField): string | undefined {
  const [range = "", step, ...rest] = item.split("/");
  if (rest.length > 0) return `not valid: "${item}" has more than one "/"`;
  if (step !== undefined && !(WHOLE_NUMBER.test(step) && Number(step) >= 1)) {
    return `not valid: the increment "${step}" is not a whole number of at least 1`;
  }
  if (range === "*") return step === undefined ? `not valid: "*" stands alone in its field` : undefined;
  const bounds = range.split("-");
  if (bounds.length > 2) return `not valid: "${range}" is not a value or a range`;
  for (const bound of bounds) {
    const problem = inRange(bound, spec);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** Why `text` is not one of the field's values (a number in range, or one of its names). */
function inRange(text: string, spec: CronField, what = "value"): string | undefined {
  if (spec.names?.includes(text)) return undefined;
  const number = WHOLE_NUMBER.test(text) ? Number(text) : Number.NaN;
  if (number >= spec.min && number <= spec.max) return undefined;
  const names = spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : "";
  return `whose ${what} ${JSON.stringify(text)} is outside ${spec.min}-${spec.max}${names}`;
}
