/*
 * carte.js — la carte des lieux d'un territoire, avec Leaflet (copié dans
 * le site : assets/leaflet/), quand site.yaml donne « carte.tuiles ». Le
 * seul autre site contacté est ce serveur de tuiles. Au clavier : Tab
 * atteint la carte (flèches pour la déplacer, + et − pour zoomer) puis
 * chaque lieu ; Entrée ouvre son nom, qui mène à sa fiche. La liste des
 * services de la page reste l'équivalent de la carte.
 */
(function () {
	'use strict';

	function init(el) {
		var lieux, map, bounds = [], i, p, m, a, txt;

		try {
			lieux = JSON.parse(el.getAttribute('data-lieux') || '[]');
		} catch (e) {
			return;
		}
		if (!window.L || !lieux.length)
			return;
		el.hidden = false;
		map = L.map(el, {keyboard: true, scrollWheelZoom: false});
		map.attributionControl.setPrefix(false);
		L.tileLayer(el.getAttribute('data-tuiles'), {
			attribution: el.getAttribute('data-attribution') || '',
			maxZoom: 18
		}).addTo(map);
		for (i = 0; i < lieux.length; i++) {
			p = lieux[i];
			m = L.marker([p.y, p.x], {title: p.n, alt: p.n, keyboard: true});
			/* The popup's content as DOM nodes: names are never HTML. */
			a = document.createElement('a');
			a.href = p.u;
			a.textContent = p.n;
			txt = document.createElement('div');
			txt.appendChild(a);
			if (p.a) {
				txt.appendChild(document.createElement('br'));
				txt.appendChild(document.createTextNode(p.a));
			}
			m.bindPopup(txt);
			m.addTo(map);
			bounds.push([p.y, p.x]);
		}
		if (bounds.length === 1)
			map.setView(bounds[0], 14);
		else
			map.fitBounds(bounds, {padding: [30, 30], maxZoom: 15});
		el.setAttribute('aria-label', 'Carte des lieux d\u2019accueil');
	}

	var els = document.querySelectorAll('.carte-territoire'), i;
	for (i = 0; i < els.length; i++)
		init(els[i]);
}());
