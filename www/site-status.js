// What the page shows of its service worker (site.js): the header's offline badge once the site
// is cached, and the banner that offers a new version.

import { MESSAGES as M } from './content/messages.js';
import { say } from './i18n/say.js';
import * as site from './site.js';

const $ = (id) => document.getElementById(id);

/** Shows the offline badge and the update banner as the service worker reports; its failures go to `onError`. */
export function showSiteStatus(onError) {
  site.watch({
    onCached: () => {
      say($('offline-status'), () => M.offline(site.VERSION.slice(0, 8)));
      $('offline-status').hidden = false;
      document.body.dataset.offline = 'true';
    },
    onUpdate: (takeOver) => {
      $('update').hidden = false;
      $('update-reload').onclick = takeOver;
    },
    onError,
  });
}
