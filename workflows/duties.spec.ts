import { describe, expect, it } from '@jest/globals';
import { ASSIGNMENT_DUTIES, ASSIGNMENT_EVENT_ROLES, ASSIGNMENT_STATES, assignmentMachine } from './assignment.machine.js';
import { NOTICE_DUTIES, NOTICE_EVENT_ROLES, NOTICE_STATES, noticeMachine } from './notice.machine.js';
import { ROLES, type Actor } from './roles.js';

/** The events a state of a machine takes at all (whatever its guards), from the machine's own definition. */
function eventsOf(machine: typeof assignmentMachine | typeof noticeMachine, state: string): string[] {
  return Object.keys(machine.states[state]?.config.on ?? {});
}

describe('the 待办 of each role names only states in which that role has something to send', () => {
  const cases = [
    ['assignment', assignmentMachine, ASSIGNMENT_DUTIES, ASSIGNMENT_EVENT_ROLES, ASSIGNMENT_STATES],
    ['notice', noticeMachine, NOTICE_DUTIES, NOTICE_EVENT_ROLES, NOTICE_STATES],
  ] as const;

  for (const [what, machine, duties, roles, states] of cases) {
    it(`keeps the ${what} duties within the machine's states and its roles' events`, () => {
      for (const role of ROLES) {
        for (const [state, label] of Object.entries(duties[role] ?? {})) {
          expect(states as readonly string[]).toContain(state);
          const events = eventsOf(machine, state).filter((e) => (roles as Record<string, readonly Actor[]>)[e]?.includes(role));
          expect({ role, state, label, events: events.length > 0 }).toEqual({ role, state, label, events: true });
        }
      }
    });
  }
});
