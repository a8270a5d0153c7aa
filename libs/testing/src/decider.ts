/**
 * given/when/then for pure deciders:
 *   given(decider, [events]).when(command).then([events])   or   .thenFails(/reason/)
 */
export interface Decider<C, E, S> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState: S;
}

export function given<C, E, S>(decider: Decider<C, E, S>, events: E[] = []) {
  const state = events.reduce(decider.evolve, decider.initialState);
  return {
    state,
    when(command: C) {
      let produced: E[] | undefined;
      let error: unknown;
      try {
        produced = decider.decide(command, state);
      } catch (e) {
        error = e;
      }
      return {
        then(expected: E[] | ((events: E[]) => void)) {
          if (error) throw error;
          if (typeof expected === 'function') expected(produced!);
          else expect(produced).toEqual(expected);
          return produced!;
        },
        thenFails(match?: RegExp | string | (new (...a: any[]) => Error)) {
          expect(error).toBeDefined();
          if (typeof match === 'function') expect(error).toBeInstanceOf(match);
          else if (match) expect(String((error as Error).message)).toMatch(match);
          return error as Error;
        },
      };
    },
  };
}
