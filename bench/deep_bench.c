/* deep_bench.c */ int main(void){return 0;}
