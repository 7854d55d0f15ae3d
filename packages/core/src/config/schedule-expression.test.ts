import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { configError, minimal } from "./__fixtures__/config-errors.js";
import { defineConfig } from "./define-config.js";
import { scheduleExpressionProblem } from "./schedule-expression.js";

describe("scheduleExpressionProblem", () => {
  describe("Compliance: the EventBridge User Guide's examples and forms", () => {
    it.each([
      // Rate expressions reference: the put-rule examples.
      "rate(1 minute)",
      "rate(5 minutes)",
      "rate(1 hour)",
      "rate(1 day)",
      "rate(6 hours)",
      // Cron expressions reference: the sample cron strings and put-rule examples.
      "cron(0 10 * * ? *)",
      "cron(15 12 * * ? *)",
      "cron(0 18 ? * MON-FRI *)",
      "cron(0 8 1 * ? *)",
      "cron(0/15 * * * ? *)",
      "cron(0/10 * ? * MON-FRI *)",
      "cron(0/5 8-17 ? * MON-FRI *)",
      "cron(0/30 20-2 ? * MON-FRI *)",
      "cron(0 12 * * ? *)",
      "cron(5,35 14 * * ? *)",
      "cron(15 10 ? * 6L 2019-2022)",
      // The wildcards the field table lists, each where it is allowed.
      "cron(0 9 ? * 3#2 *)",
      "cron(0 0 L * ? *)",
      "cron(0 0 3W * ? *)",
      "cron(0 0 ? * L *)",
      "cron(*/5 * * JAN,MAR,DEC ? 1970-2199)",
      "cron(0 8-17/2 ? * 2-6 *)",
    ])("given %j, then EventBridge accepts it", (expression) => {
      expect(scheduleExpressionProblem(expression)).toBeUndefined();
    });
  });

  describe("Noncompliance: what EventBridge refuses, with the fix", () => {
    it.each<[string, string, string]>([
      ["rate(6 hour)", 'the unit "hour" for the value 6', 'Write "rate(6 hours)"'],
      ["rate(1 hours)", 'the unit "hours" for the value 1', 'Write "rate(1 hour)"'],
      ["rate(2 day)", 'the unit "day" for the value 2', 'Write "rate(2 days)"'],
      ["rate(0 minutes)", 'the rate value "0"', "whole number"],
      ["rate(1.5 hours)", 'the rate value "1.5"', "whole number"],
      ["rate(-1 hours)", 'the rate value "-1"', "whole number"],
      ["rate(2 weeks)", 'the rate unit "weeks"', 'Write it in days: "rate(14 days)"'],
      ["rate(6 Hours)", 'the rate unit "Hours"', 'e.g. "rate(6 hours)"'],
      ["rate(6hours)", "a whole number and a unit separated by one space", '"rate(6 hours)"'],
      ["rate(6  hours)", "separated by one space", '"rate(6 hours)"'],
      ["rate()", "separated by one space", '"rate(6 hours)"'],
      ["cron(0 6 * * ?)", "has 5 cron fields", "the year is the sixth"],
      ["cron(0 6 * * ? * *)", "has 7 cron fields", "six fields"],
      ["cron(0  6 * * ? *)", "more than one space", "six fields"],
      ["cron(60 6 * * ? *)", 'the minutes field "60", whose value "60" is outside 0-59', "minutes field"],
      ["cron(0 24 * * ? *)", 'the hours field "24", whose value "24" is outside 0-23', "hours field"],
      ["cron(0 6 0 * ? *)", 'the day-of-month field "0"', "1-31"],
      ["cron(0 6 32 * ? *)", 'whose value "32" is outside 1-31', "day-of-month field"],
      ["cron(0 6 * 13 ? *)", 'whose value "13" is outside 1-12 or JAN-DEC', "month field"],
      ["cron(0 6 * jan ? *)", 'whose value "jan" is outside 1-12 or JAN-DEC', "month field"],
      ["cron(0 6 ? * 0 *)", 'whose value "0" is outside 1-7 or SUN-SAT', "day-of-week field"],
      ["cron(0 6 ? * 8 *)", 'whose value "8" is outside 1-7', "day-of-week field"],
      ["cron(0 6 * * ? 1969)", 'whose value "1969" is outside 1970-2199', "year field"],
      ["cron(0 6 * * ? 2200)", 'whose value "2200" is outside 1970-2199', "year field"],
      ["cron(0 6 ? * 3#6 *)", 'week of the month "6" is outside 1-5', "day-of-week field"],
      ["cron(0 6 ? * 3#1,6#3 *)", 'with "#" the field holds only "day#n"', "one expression"],
      ["cron(0 6 L,15 * ? *)", '"?", "L" and "W" stand alone', "day-of-month field"],
      ["cron(0 6 ? * 3W *)", '"W" (nearest weekday) is a day-of-month wildcard', "day-of-week field"],
      ["cron(0 6 3#1 * ? *)", '"#" (nth weekday) is a day-of-week wildcard', "day-of-month field"],
      ["cron(0/0 * * * ? *)", 'the increment "0"', "minutes field"],
      ["cron(*,5 6 * * ? *)", '"*" stands alone', "minutes field"],
      ["cron(1-2-3 6 * * ? *)", '"1-2-3" is not a value or a range', "minutes field"],
      ["cron(0 ? * * ? *)", 'the hours field "?"', "hours field"],
      [
        "cron(0 6 * * * *)",
        'gives both day-of-month ("*") and day-of-week ("*")',
        'Write "cron(0 6 * * ? *)"',
      ],
      [
        "cron(0 6 * * MON *)",
        'gives both day-of-month ("*") and day-of-week ("MON")',
        'Write "cron(0 6 ? * MON *)"',
      ],
      [
        "cron(0 6 1 * MON *)",
        'gives both day-of-month ("1") and day-of-week ("MON")',
        'Write "cron(0 6 1 * ? *)"',
      ],
      ["cron(0 6 ? * ? *)", 'has "?" in both day-of-month and day-of-week', 'Write "cron(0 6 * * ? *)"'],
      ["every hour", "is not an EventBridge schedule expression", '"rate(6 hours)" or "cron(0 6 * * ? *)"'],
      ["RATE(6 hours)", "is not an EventBridge schedule expression", '"rate(6 hours)"'],
      [" rate(6 hours)", "is not an EventBridge schedule expression", '"rate(6 hours)"'],
      ["at(2026-11-27T10:00:00)", "is not an EventBridge schedule expression", '"rate(6 hours)"'],
    ])("given %j, then the problem says %j and the fix %j", (expression, problem, fix) => {
      const found = scheduleExpressionProblem(expression);

      expect(found?.problem).toContain(problem);
      expect(found?.fix).toContain(fix);
    });
  });

  it("given any whole number and unit, then the rate is accepted exactly when the unit's number agrees with the value", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom("minute", "hour", "day"),
        fc.boolean(),
        (value, unit, plural) => {
          const expression = `rate(${value} ${unit}${plural ? "s" : ""})`;
          const agrees = plural === value > 1;

          const problem = scheduleExpressionProblem(expression);

          expect(problem === undefined).toBe(agrees);
          if (!agrees) expect(problem?.fix).toContain(`"rate(${value} ${unit}${value > 1 ? "s" : ""})"`);
        },
      ),
    );
  });

  const FIELDS: readonly [number, number][] = [
    [0, 59],
    [0, 23],
    [1, 31],
    [1, 12],
    [1, 7],
    [1970, 2199],
  ];
  const item = ([min, max]: readonly [number, number]): fc.Arbitrary<string> =>
    fc.oneof(
      fc.integer({ min, max }).map(String),
      fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]) => `${a}-${b}`),
      fc.tuple(fc.integer({ min, max }), fc.integer({ min: 1, max: 60 })).map(([a, step]) => `${a}/${step}`),
      fc.integer({ min: 1, max: 60 }).map((step) => `*/${step}`),
    );
  const field = (range: readonly [number, number]): fc.Arbitrary<string> =>
    fc.oneof(
      fc.constant("*"),
      fc.array(item(range), { minLength: 1, maxLength: 4 }).map((items) => items.join(",")),
    );
  const validCron = fc
    .tuple(...FIELDS.map(field), fc.boolean())
    .map(([minutes, hours, dayOfMonth, month, dayOfWeek, year, questionInMonthDay]) =>
      questionInMonthDay
        ? [minutes, hours, "?", month, dayOfWeek, year]
        : [minutes, hours, dayOfMonth, month, "?", year],
    );

  it("given any six fields of in-range values, ranges, lists and increments with one '?', then the cron expression is accepted", () => {
    fc.assert(
      fc.property(validCron, (fields) => {
        expect(scheduleExpressionProblem(`cron(${fields.join(" ")})`)).toBeUndefined();
      }),
    );
  });

  it("given a valid cron expression with one field's value out of its range, then the problem names that field", () => {
    const names = ["minutes", "hours", "day-of-month", "month", "day-of-week", "year"];
    fc.assert(
      fc.property(
        validCron,
        fc.integer({ min: 0, max: 5 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 1000 }),
        (fields, index, below, distance) => {
          const [min, max] = FIELDS[index] as [number, number];
          const outside = below ? min - distance : max + distance;
          fc.pre(outside >= 0);
          const broken = [...fields];
          broken[index] = String(outside);
          // The day field that held "?" now holds a value: move the "?" to the other day field.
          if (index === 2) broken[4] = "?";
          if (index === 4) broken[2] = "?";

          expect(scheduleExpressionProblem(`cron(${broken.join(" ")})`)?.problem).toContain(
            `the ${names[index]} field "${outside}"`,
          );
        },
      ),
    );
  });

  it("given any string, then it returns a problem with a fix or nothing, and never throws", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((body) => `rate(${body})`),
          fc.string().map((body) => `cron(${body})`),
        ),
        (expression) => {
          const problem = scheduleExpressionProblem(expression);
          if (problem !== undefined) expect(problem.fix.length).toBeGreaterThan(10);
        },
      ),
    );
  });
});

describe("defineConfig's reconcileSchedule", () => {
  it("given rate(6 hour), then a ConfigError names the field, the value and the fix", () => {
    const error = configError({ ...minimal, reconcileSchedule: "rate(6 hour)" });

    expect([error.path, error.value]).toEqual(["reconcileSchedule", "rate(6 hour)"]);
    expect(error.message).toBe(
      'Invalid Tributary config at reconcileSchedule: "rate(6 hour)" has the unit "hour" for the value 6, which EventBridge refuses. Fix: Write "rate(6 hours)": EventBridge wants minute, hour or day for 1, and minutes, hours or days above 1.',
    );
  });

  it("given a valid cron schedule, then the config keeps it", () => {
    expect(
      defineConfig({ ...minimal, reconcileSchedule: "cron(0/30 20-2 ? * MON-FRI *)" }).reconcileSchedule,
    ).toBe("cron(0/30 20-2 ? * MON-FRI *)");
  });
});
