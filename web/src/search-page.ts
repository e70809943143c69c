import { api, problemText } from './api';
import { busy, errorBox, formValues, h } from './dom';
import { go } from './router';

/** One page of a search's results: how many in all, this page's, the cursor of the next. */
export interface ResultPage<T> {
  total: number;
  items: T[];
  next_cursor: string | null;
}

export interface SearchPage<A, T> {
  /** The page's heading: `Find a hotel`. */
  title: string;
  form: HTMLFormElement;
  /** The page's route (`/search`): a submit goes there with the form's values as its query. */
  route: string;
  /** The query parameter without which there is nothing to search yet. */
  required: string;
  /** The search endpoint (`/api/v1/search/hotels`), asked with the page's query. */
  endpoint: string;
  /** What one result is called: `hotel`. */
  noun: string;
  resultsClass: string;
  page(answer: A): ResultPage<T>;
  card(item: T, answer: A): HTMLElement;
  /** Shown between the count and the list (the hotels' facets). */
  summary?(answer: A): HTMLElement;
}

/**
 * A search page: its form, and once the query has `required`, the results a page at a time with
 * their count and a `More …` button that fetches the next cursor's.
 */
export async function searchPage<A, T>(
  main: HTMLElement,
  query: URLSearchParams,
  spec: SearchPage<A, T>,
): Promise<void> {
  const problem = errorBox();
  const results = h('section', { class: spec.resultsClass, 'aria-live': 'polite', 'aria-label': 'Results' });
  main.append(h('h1', {}, spec.title), spec.form, problem.element, results);
  spec.form.addEventListener('submit', (event) => {
    event.preventDefault();
    go(`${spec.route}?${new URLSearchParams(formValues(spec.form))}`);
  });
  if (!query.get(spec.required)) return;

  const list = h('ol', { class: 'result-list' });
  const more = h('button', { type: 'button', hidden: true }, `More ${spec.noun}s`);
  const loadPage = async (cursor: string | null) => {
    const search = new URLSearchParams(query);
    if (cursor) search.set('cursor', cursor);
    const answer = await api<A>('GET', `${spec.endpoint}?${search}`);
    if (answer.status !== 200) {
      problem.show(problemText(answer));
      return;
    }
    problem.clear();
    const page = spec.page(answer.json);
    if (!cursor) {
      results.replaceChildren(
        h('h2', {}, `${page.total} ${spec.noun}${page.total === 1 ? '' : 's'} found`),
        ...(spec.summary ? [spec.summary(answer.json)] : []),
        list,
        more,
      );
    }
    list.append(...page.items.map((item) => spec.card(item, answer.json)));
    more.hidden = !page.next_cursor;
    more.onclick = () => void busy(results, () => loadPage(page.next_cursor));
  };
  await loadPage(null);
}
