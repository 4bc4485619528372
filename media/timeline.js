// Filters the timeline by outcome; the only script the timeline webview runs.
(function () {
  const buttons = document.querySelectorAll('.filters button');
  for (const button of buttons) {
    button.addEventListener('click', () => {
      const filter = button.getAttribute('data-filter');
      for (const other of buttons) other.classList.toggle('active', other === button);
      for (const step of document.querySelectorAll('li.step')) {
        step.classList.toggle('hidden', filter !== 'all' && !step.classList.contains(filter));
      }
    });
  }
})();
