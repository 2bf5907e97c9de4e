// js_on_load of the Sources tab's document viewer (gr.HTML): scroll the highlighted passage into view
// whenever the document shown changes.
const show = () => { const m = element.querySelector('#qa-mark'); if (m) m.scrollIntoView({block: 'center'}); };
watch('value', () => setTimeout(show, 150));
