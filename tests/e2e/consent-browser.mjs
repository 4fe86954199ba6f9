#!/usr/bin/env node
// Stands in for the system browser as CLOUDPICK_OPENER: opens the sign-in
// URL, clicks Allow on the emulator's consent page, and follows the redirect
// back to Cloudpick's loopback listener, as a person would.
const url = process.argv[2];
const page = await (await fetch(url)).text();
const request = page.match(/name="request" value="([^"]+)"/)?.[1];
if (!request) {
  console.error(`no consent form at ${url}`);
  process.exit(1);
}
const decide = new URL('decide', url);
const answer = await fetch(decide, {
  method: 'POST',
  body: new URLSearchParams({ request, decision: 'allow' }),
  redirect: 'manual',
});
const back = answer.headers.get('location');
const landing = await fetch(back);
console.log(await landing.text());
