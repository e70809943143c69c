import { refreshCsrf } from './api';
import { announce, h } from './dom';
import { bookPage } from './pages/book';
import { bookingDetailPage } from './pages/booking-detail';
import { hotelSearchPage } from './pages/hotel-search';
import { myBookingsPage } from './pages/my-bookings';
import { followEmailLink, signOut, signinPage, signupPage } from './pages/signin';
import { accountPage } from './pages/account';
import { flightSearchPage } from './pages/flight-search';
import { staffPage } from './pages/staff';
import { renderCurrent, route } from './router';
import { isStaff, loadMe, me } from './session';

route('/search', 'Find a hotel', hotelSearchPage);
route('/book', 'Book', bookPage);
route('/bookings', 'My bookings', myBookingsPage);
route('/bookings/:id', 'Booking', bookingDetailPage);
route('/signin', 'Sign in', signinPage);
route('/signup', 'Create an account', signupPage);
route('/account', 'Account', accountPage);
route('/flights', 'Find a flight', flightSearchPage);
route('/staff', 'Staff', staffPage);

/** The header's links: what a signed-in customer can do, or how to sign in. */
function renderNav(nav: HTMLElement): void {
  const link = (href: string, text: string) => h('li', {}, h('a', { href }, text));
  const out = h('button', { type: 'button', class: 'link', id: 'sign-out' }, 'Sign out');
  out.addEventListener('click', () => void signOut().then(() => renderNav(nav)));
  nav.replaceChildren(
    h(
      'ul',
      {},
      link('#/search', 'Hotels'),
      link('#/flights', 'Flights'),
      ...(isStaff() ? [link('#/staff', 'Staff')] : []),
      ...(me()
        ? [
            ...(isStaff() ? [] : [link('#/bookings', 'My bookings')]),
            link('#/account', 'Account'),
            h('li', {}, out),
          ]
        : [link('#/signin', 'Sign in'), link('#/signup', 'Create an account')]),
    ),
  );
}

async function show(main: HTMLElement, nav: HTMLElement): Promise<void> {
  const link = /^#verify-email=([A-Za-z0-9_-]{43})$/.exec(window.location.hash);
  if (link?.[1]) {
    history.replaceState(null, '', window.location.pathname);
    await followEmailLink(main, link[1]);
  } else {
    await renderCurrent(main, '/search');
  }
  renderNav(nav);
}

async function start(): Promise<void> {
  const main = document.getElementById('main')!;
  const nav = document.getElementById('nav')!;
  await refreshCsrf();
  await loadMe();
  window.addEventListener('hashchange', () => {
    void loadMe()
      .then(() => show(main, nav))
      .catch((err: unknown) =>
        announce(`Something went wrong: ${err instanceof Error ? err.message : String(err)}`),
      );
  });
  await show(main, nav);
  document.body.dataset.ready = 'true';
}

start().catch((err: unknown) =>
  announce(`Something went wrong: ${err instanceof Error ? err.message : String(err)}`),
);
