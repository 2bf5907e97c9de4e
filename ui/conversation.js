// js_on_load of the Ask tab's conversation (gr.HTML): `element`, `trigger` and `watch` come from Gradio.
// Delegated clicks: "Open in Sources" buttons and thumbs up/down, sent to Python as custom events.
element.addEventListener('click', (ev) => {
  const open = ev.target.closest('.qa-open');
  if (open) {
    ev.preventDefault();
    trigger('open_source', {doc: open.dataset.doc, start: Number(open.dataset.start), end: Number(open.dataset.end)});
    return;
  }
  const rate = ev.target.closest('.qa-rate, .qa-send');
  if (rate) sendFeedback(rate.closest('.qa-feedback'), rate.dataset.rating);
});
// Enter in a comment box saves it once the answer has a rating.
element.addEventListener('keydown', (ev) => {
  if (ev.key === 'Enter' && ev.target.classList.contains('qa-comment')) {
    ev.preventDefault();
    sendFeedback(ev.target.closest('.qa-feedback'));
  }
});
function sendFeedback(box, rating) {
  rating = rating || box.dataset.rated;
  if (!rating) { box.querySelector('.qa-rate').focus(); return; }
  const comment = box.querySelector('.qa-comment');
  trigger('feedback', {turn: Number(box.dataset.turn), rating: rating, comment: comment ? comment.value : ''});
}
// A new answer scrolls into view from its top (an urgent banner comes first); re-renders for
// feedback on an older answer leave the scroll position alone.
let shownTurns = 0;
watch('value', () => {
  const box = element.querySelector('.qa-conv');
  const turns = element.querySelectorAll('.qa-turn');
  if (box && turns.length > shownTurns) box.scrollTop = turns[turns.length - 1].offsetTop - 4;
  shownTurns = turns.length;
});
