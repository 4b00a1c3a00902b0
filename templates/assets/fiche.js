/*
 * fiche.js — ce que le navigateur ajoute à la page d'un service :
 *  - « Ouvert maintenant » / « Fermé, ouvre mardi à 13 h », calculé ici à
 *    l'heure de Paris depuis les horaires de la fiche (data-horaires) ; les
 *    horaires écrits en français restent la référence ;
 *  - le bouton « Imprimer cette fiche » (caché sans JavaScript) ;
 *  - « Itinéraire » ouvre l'application de cartes du téléphone (lien geo:)
 *    sur un téléphone, la page d'itinéraire d'OpenStreetMap ailleurs.
 * Aucun autre site n'est contacté.
 */
(function () {
	'use strict';

	var JOURS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi',
	    'samedi', 'dimanche'];
	var MOIS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin',
	    'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

	/* L'heure de Paris : {y, m, d, jour (0 = lundi), min}. */
	function maintenant() {
		var parts = new Intl.DateTimeFormat('en-GB', {
			timeZone: 'Europe/Paris', year: 'numeric', month: 'numeric',
			day: 'numeric', hour: 'numeric', minute: 'numeric',
			hourCycle: 'h23'
		}).formatToParts(new Date());
		var v = {};
		parts.forEach(function (p) { v[p.type] = parseInt(p.value, 10); });
		return {y: v.year, m: v.month, d: v.day,
		    min: (v.hour % 24) * 60 + v.minute};
	}

	/* Jours comptés depuis le 1er janvier 1970 (calendrier grégorien). */
	function jourNo(y, m, d) {
		return Math.round(Date.UTC(y, m - 1, d) / 86400000);
	}
	function dateDe(n) {
		var t = new Date(n * 86400000);
		return {y: t.getUTCFullYear(), m: t.getUTCMonth() + 1,
		    d: t.getUTCDate(), jour: (t.getUTCDay() + 6) % 7};
	}
	function iso(n) {
		var t = dateDe(n);
		return t.y + '-' + (t.m < 10 ? '0' : '') + t.m + '-' +
		    (t.d < 10 ? '0' : '') + t.d;
	}

	/* Les jours fériés de France métropolitaine d'une année. */
	var feries = {};
	function ferie(n) {
		var y = dateDe(n).y, a, b, c, d, e, f, g, h, i, k, l, m, mo, jo, p;
		if (!feries[y]) {
			/* Pâques (algorithme de Meeus). */
			a = y % 19; b = Math.floor(y / 100); c = y % 100;
			d = Math.floor(b / 4); e = b % 4;
			f = Math.floor((b + 8) / 25); g = Math.floor((b - f + 1) / 3);
			h = (19 * a + b - d - g + 15) % 30;
			i = Math.floor(c / 4); k = c % 4;
			l = (32 + 2 * e + 2 * i - h - k) % 7;
			m = Math.floor((a + 11 * h + 22 * l) / 451);
			mo = Math.floor((h + l - 7 * m + 114) / 31);
			jo = ((h + l - 7 * m + 114) % 31) + 1;
			p = jourNo(y, mo, jo);
			feries[y] = [jourNo(y, 1, 1), p + 1, jourNo(y, 5, 1),
			    jourNo(y, 5, 8), p + 39, p + 50, jourNo(y, 7, 14),
			    jourNo(y, 8, 15), jourNo(y, 11, 1), jourNo(y, 11, 11),
			    jourNo(y, 12, 25)];
		}
		return feries[y].indexOf(n) >= 0;
	}

	function heure(min) {
		var h = Math.floor(min / 60) % 24, m = min % 60;
		return h + ' h' + (m ? ' ' + (m < 10 ? '0' : '') + m : '');
	}

	/* Les plages d'ouverture du jour n (vide : fermé ce jour-là). */
	function plages(h, fermetures, n) {
		var s = iso(n), i;
		for (i = 0; i < fermetures.length; i++)
			if (s >= fermetures[i][0] && s <= fermetures[i][1])
				return [];
		if (h.ph && ferie(n))
			return [];
		return h.j[dateDe(n).jour] || [];
	}

	function etat(h, fermetures) {
		var t = maintenant(), n = jourNo(t.y, t.m, t.d), k, r, i, quand, dt;
		r = plages(h, fermetures, n);
		for (i = 0; i < r.length; i++)
			if (t.min >= r[i][0] && t.min < r[i][1])
				return {ouvert: true, texte: 'Ouvert maintenant, jusqu\u2019à ' +
				    heure(r[i][1])};
		for (k = 0; k < 60; k++) {
			r = plages(h, fermetures, n + k);
			for (i = 0; i < r.length; i++) {
				if (k === 0 && r[i][0] <= t.min)
					continue;
				dt = dateDe(n + k);
				if (k === 0)
					quand = 'aujourd\u2019hui';
				else if (k === 1)
					quand = 'demain';
				else if (k < 7)
					quand = JOURS[dt.jour];
				else
					quand = 'le ' + JOURS[dt.jour] + ' ' +
					    (dt.d === 1 ? '1er' : dt.d) + ' ' + MOIS[dt.m - 1];
				return {ouvert: false, texte: 'Fermé, ouvre ' + quand +
				    ' à ' + heure(r[i][0])};
			}
		}
		return {ouvert: false, texte: 'Fermé en ce moment'};
	}

	function horaires() {
		var els = document.querySelectorAll('[data-horaires]'), i, el, h, f, e;
		for (i = 0; i < els.length; i++) {
			el = els[i];
			try {
				h = JSON.parse(el.getAttribute('data-horaires'));
			} catch (err) {
				continue;
			}
			f = (el.getAttribute('data-fermetures') || '').split(' ')
			    .filter(Boolean).map(function (x) { return x.split('/'); });
			e = etat(h, f);
			el.textContent = e.texte;
			el.className = 'ouvert ' + (e.ouvert ? 'ouvert-oui' : 'ouvert-non');
			el.hidden = false;
		}
	}

	function imprimer() {
		var els = document.querySelectorAll('[data-imprimer]'), i;
		for (i = 0; i < els.length; i++) {
			els[i].hidden = false;
			els[i].addEventListener('click', function () { window.print(); });
		}
	}

	function itineraires() {
		var tel = /Android|iPhone|iPad|iPod|Mobile/i.test(navigator.userAgent),
		    els, i;
		if (!tel)
			return;
		els = document.querySelectorAll('a[data-geo]');
		for (i = 0; i < els.length; i++)
			els[i].setAttribute('href', els[i].getAttribute('data-geo'));
	}

	horaires();
	imprimer();
	itineraires();
}());
