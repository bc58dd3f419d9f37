/* corpus.c — placeholder */
