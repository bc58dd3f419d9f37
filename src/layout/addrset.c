/* addrset.c — being written */
